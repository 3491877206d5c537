// Source globs (`drops/*.csv`, `in/**/orders-?.csv`). Node 20 has no fs.glob, and the forms a pipeline needs
// are few: `*` and `?` within a name, `**` for any depth. Results are sorted so a run is reproducible.

import { readdir } from 'node:fs/promises';
import { isAbsolute, join, sep } from 'node:path';

const escapeRe = (s: string) => s.replace(/[.+^${}()|[\]\\]/g, '\\$&');

/** True when a path contains glob characters. */
export function isGlob(p: string): boolean {
  return /[*?]/.test(p);
}

/** A regular expression for one glob path (segments split on `/`). */
export function globToRegExp(glob: string): RegExp {
  const segs = glob.split(/[\\/]/);
  let re = '';
  segs.forEach((seg, i) => {
    if (seg === '**') {
      re += i === segs.length - 1 ? '.*' : '(?:[^/]*/)*';
      return;
    }
    re += escapeRe(seg).replace(/\*/g, '[^/]*').replace(/\?/g, '[^/]');
    if (i < segs.length - 1) re += '/';
  });
  return new RegExp(`^${re}$`);
}

async function walk(dir: string, out: string[], depth: number): Promise<void> {
  if (depth <= 0) return;
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const e of entries) {
    const p = join(dir, e.name);
    if (e.isDirectory()) await walk(p, out, depth - 1);
    else if (e.isFile()) out.push(p);
  }
}

/** Files matching an absolute glob, sorted by path. */
export async function expandGlob(glob: string): Promise<string[]> {
  if (!isAbsolute(glob)) throw new Error(`glob must be absolute: ${glob}`);
  const segs = glob.split(/[\\/]/);
  const firstWild = segs.findIndex((s) => isGlob(s));
  const root = segs.slice(0, firstWild).join(sep) || sep;
  const files: string[] = [];
  // Without `**` a match lies exactly as deep as the pattern: no need to descend further.
  const depth = segs.includes('**') ? Number.POSITIVE_INFINITY : segs.length - firstWild;
  await walk(root, files, depth);
  const re = globToRegExp(glob.split(sep).join('/'));
  return files.filter((f) => re.test(f.split(sep).join('/'))).sort();
}
