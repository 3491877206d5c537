// Header names become column names. Empty and duplicate names are renamed deterministically (and reported),
// so every column has a unique, stable name; `__line` is reserved for the source line number.

/** A rename made to a header name. */
export interface HeaderRename {
  index: number;
  from: string;
  to: string;
}

/** Reserved column names Sluice adds to every imported table. */
export const RESERVED_COLUMNS = ['__line'] as const;

/**
 * Unique names for header cells: empty → `column_<n>` (1-based position); a duplicate → `<name>_<k>` with the
 * smallest k ≥ 2 not taken; names compare case-insensitively because DuckDB identifiers do.
 */
export function dedupeHeader(raw: readonly (string | null | undefined)[]): {
  names: string[];
  renamed: HeaderRename[];
} {
  const taken = new Set<string>(RESERVED_COLUMNS.map((n) => n.toLowerCase()));
  const names: string[] = [];
  const renamed: HeaderRename[] = [];
  // First pass reserves every non-empty original name, so `a, a_2, a` renames the last `a` to `a_3`.
  const originals = new Set(raw.map((r) => (r ?? '').trim().toLowerCase()).filter((r) => r !== ''));
  raw.forEach((cell, index) => {
    const from = cell ?? '';
    const base = from.trim() === '' ? `column_${index + 1}` : from;
    let name = base;
    const key = () => name.toLowerCase();
    const clashes = () => taken.has(key()) || (name !== from && originals.has(key()));
    for (let k = 2; clashes(); k++) name = `${base}_${k}`;
    taken.add(key());
    names.push(name);
    if (name !== from) renamed.push({ index, from, to: name });
  });
  return { names, renamed };
}

/** Names for a file without a header: column_1 … column_n. */
export function generatedHeader(count: number): string[] {
  return Array.from({ length: count }, (_, i) => `column_${i + 1}`);
}
