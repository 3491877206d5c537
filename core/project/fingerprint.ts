// A cheap identity for a source file, to tell at reopen whether it changed since it was imported without
// reading a multi-GB file: size + mtime + a hash of its first and last 64 KiB.

import { createHash } from 'node:crypto';
import { open } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { SourceFingerprint } from '../contract/datasets.js';
import { fileError } from './file-errors.js';

const EDGE = 64 * 1024;

/** Fingerprints a file; AppError FILE_NOT_FOUND / FILE_UNREADABLE when it can't be read. */
export async function fingerprintFile(path: string): Promise<SourceFingerprint> {
  const abs = resolve(path);
  let fh;
  try {
    fh = await open(abs, 'r');
    const st = await fh.stat();
    if (st.isDirectory()) throw Object.assign(new Error('is a directory'), { code: 'EISDIR' });
    const hash = createHash('sha256').update(String(st.size));
    const head = Buffer.alloc(Math.min(EDGE, st.size));
    await fh.read(head, 0, head.length, 0);
    hash.update(head);
    if (st.size > EDGE) {
      const tailLen = Math.min(EDGE, st.size - EDGE);
      const tail = Buffer.alloc(tailLen);
      await fh.read(tail, 0, tailLen, st.size - tailLen);
      hash.update(tail);
    }
    return { path: abs, size: st.size, mtimeMs: Math.trunc(st.mtimeMs), sampleHash: hash.digest('hex') };
  } catch (e) {
    throw fileError(e, abs);
  } finally {
    await fh?.close();
  }
}

/** True when two fingerprints name the same file content (path may differ: a moved file is the same data). */
export function sameContent(a: SourceFingerprint, b: SourceFingerprint): boolean {
  return a.size === b.size && a.mtimeMs === b.mtimeMs && a.sampleHash === b.sampleHash;
}
