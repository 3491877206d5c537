// Compression methods turned off for the length of some writing. DuckDB analyses every enabled method for each
// segment it writes, and for some data that analysis costs more than it saves:
// - Text: an import's load takes about a third less CPU stored uncompressed (orders file, 1M rows: 2.4-2.9 s of
//   CPU against 4.2-5.1 s; 10M rows: the import 18 s against 27 s; the 1.2M findings of a validation 0.7 s
//   against 1.6-2.0 s), for a larger workspace (1.8 GB against 0.25 GB for the 1.4 GB CSV).
// - Vectors: model outputs do not compress (random-like floats), yet trying costs the checkpoint half its time
//   (scripts/models/bench-vector-writes.ts, 150,000 FLOAT[384] rows: 43-53 against 56-66 µs a row written, 48
//   against 71-89 µs of CPU, and a 233 MB file against 319 MB).
// Imports, validations and embed runs are what users wait for, so they hold these off while they write; a
// database opened with `compressText` (SLUICE_COMPRESS_TEXT=1) keeps text compressed for users short of disk
// space. `disabled_compression_methods` is one database-wide setting: each method is counted per database, the
// setting is always what was there first plus every method still held, and it is put back when none is.

import { ownerOf, type DuckDBConnection } from './duckdb.js';
import { currentSetting, databaseOf, setGlobal } from './setting-hold.js';

/** DuckDB's compression methods for text. */
export const TEXT_COMPRESSION = ['dictionary', 'fsst', 'dict_fsst'] as const;
/** DuckDB's compression methods for FLOAT and DOUBLE. */
export const FLOAT_COMPRESSION = ['alp', 'alprd', 'chimp', 'patas'] as const;

const SETTING = 'disabled_compression_methods';

interface State {
  /** The setting before the first hold. */
  original: string;
  counts: Map<string, number>;
  /** Changes are applied one after the other. */
  queue: Promise<void>;
}

const states = new WeakMap<object, State>();

/** A held change; `release` is idempotent. */
export interface CompressionHold {
  release(): Promise<void>;
}

const split = (v: string) =>
  v
    .split(',')
    .map((m) => m.trim().toLowerCase())
    .filter(Boolean);

async function apply(conn: DuckDBConnection, st: State): Promise<void> {
  const held = [...st.counts].filter(([, n]) => n > 0).map(([m]) => m);
  const value = held.length === 0 ? st.original : [...new Set([...split(st.original), ...held])].join(',');
  await setGlobal(conn, SETTING, value);
}

/** Turns `methods` off on the database `conn` is on until released. */
export async function holdCompressionOff(
  conn: DuckDBConnection,
  methods: readonly string[],
): Promise<CompressionHold> {
  const db = databaseOf(conn);
  let st = states.get(db);
  if (!st) {
    st = { original: '', counts: new Map(), queue: Promise.resolve() };
    states.set(db, st);
  }
  const state = st;
  const run = (step: () => Promise<void>) => {
    const p = state.queue.then(step);
    state.queue = p.catch(() => undefined);
    return p;
  };
  await run(async () => {
    const first = [...state.counts.values()].every((n) => n === 0);
    if (first) state.original = await currentSetting(conn, SETTING);
    for (const m of methods) state.counts.set(m, (state.counts.get(m) ?? 0) + 1);
    try {
      await apply(conn, state);
    } catch (e) {
      for (const m of methods) state.counts.set(m, (state.counts.get(m) ?? 1) - 1);
      throw e;
    }
  });
  let released = false;
  return {
    async release() {
      if (released) return;
      released = true;
      await run(async () => {
        for (const m of methods) state.counts.set(m, Math.max(0, (state.counts.get(m) ?? 1) - 1));
        await apply(conn, state);
      });
    },
  };
}

/** Text compression off while an import or a validation writes, unless the database keeps it (`compressText`). */
export async function holdUncompressedText(conn: DuckDBConnection): Promise<CompressionHold | undefined> {
  if (ownerOf(conn)?.compressText) return undefined;
  return holdCompressionOff(conn, TEXT_COMPRESSION);
}

/** Float compression off while an embed run writes vectors. */
export function holdUncompressedFloats(conn: DuckDBConnection): Promise<CompressionHold> {
  return holdCompressionOff(conn, FLOAT_COMPRESSION);
}
