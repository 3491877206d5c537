// Vectors are wide rows (FLOAT[384] is 1.5 KB). DuckDB checkpoints automatically whenever the WAL passes
// `checkpoint_threshold` (16 MiB by default, about 11,000 such rows), and each of those checkpoints rewrites and
// recompresses the whole partly filled row group (122,880 rows), so a long embed run compressed rows several
// times over and left dead blocks in the file (measured, appending 250,000 random FLOAT[384] rows in commits of
// 8,192: 117 µs a row and a 1.05 GB file, against 44 µs and 543 MB with the threshold raised; the lexical embed
// phase over 250,000 texts: 26.6 → 24.3 s and a file growing 615 → 544 MB; 100,000 texts: 320 → 235 MB). So while
// vectors are written the threshold is raised above a row group of them, and the run checkpoints itself, between
// two chunk commits (while the model embeds the next chunks): after each row group of rows, and once when what is
// left to write fits under the old threshold — so each row is compressed about once, and the run ends with no
// more in the WAL than DuckDB's own rule would leave there. The threshold is a database-wide setting: overlapping
// runs on one database share one raise (counted), and the last one out restores the value it found. Commits stay
// per chunk: the WAL makes each one durable, a checkpoint only moves rows into the file. Float compression is off
// meanwhile (compression-hold.ts).

import type { DuckDBConnection } from '../adapters/duckdb.js';
import { holdUncompressedFloats, type CompressionHold } from '../adapters/compression-hold.js';
import { holdSetting } from '../adapters/setting-hold.js';

/** DuckDB's rows per row group (its default). */
const ROW_GROUP_ROWS = 122_880;
/** WAL bytes of a vectors row besides its floats (line number, key, framing). */
const ROW_OVERHEAD_BYTES = 96;
/** Share of the old threshold the rows left to write must fit in for the tail checkpoint. */
const TAIL_SHARE = 0.75;
/** Upper bound of the raised threshold (a longer WAL is a longer replay after a crash). */
const MAX_THRESHOLD_BYTES = 256 * 1024 * 1024;

const UNITS: Record<string, number> = {
  b: 1,
  bytes: 1,
  kb: 1e3,
  mb: 1e6,
  gb: 1e9,
  kib: 1024,
  mib: 1024 ** 2,
  gib: 1024 ** 3,
};

/** Bytes of a DuckDB size setting as it prints it ('16.0 MiB'); NaN when unreadable. */
export function sizeBytes(text: string): number {
  const m = /^\s*([\d.]+)\s*([a-z]*)\s*$/i.exec(text);
  const unit = UNITS[(m?.[2] || 'b').toLowerCase()];
  return m && unit ? Number(m[1]) * unit : Number.NaN;
}

/** A checkpoint only moves committed rows into the file: when DuckDB refuses one, its next commit does it. */
async function checkpoint(conn: DuckDBConnection): Promise<void> {
  await conn.run('CHECKPOINT').catch(() => undefined);
}

async function walBytes(conn: DuckDBConnection): Promise<number> {
  const r = await conn.runAndReadAll(
    'SELECT wal_size FROM pragma_database_size() WHERE database_name = current_database()',
  );
  const v = sizeBytes(String(r.getRows()[0]?.[0] ?? ''));
  return Number.isNaN(v) ? Infinity : v;
}

/** The raised threshold: WAL bytes of a row group and a half of `dim`-float vectors (the run checkpoints after
 * each row group itself; DuckDB's own checkpoint is the fallback), capped. */
export function thresholdFor(dim: number): number {
  return Math.min(MAX_THRESHOLD_BYTES, Math.round(1.5 * ROW_GROUP_ROWS * (dim * 4 + ROW_OVERHEAD_BYTES)));
}

/** What embedColumn calls while it writes vectors. */
export interface CheckpointWindow {
  /** After each committed chunk of `rows` rows, with `rowsLeft` still to write: checkpoints when it is time. */
  committed(rows: number, rowsLeft: number): Promise<void>;
  /** Restores the threshold when no other run still needs it; after a successful run, checkpoints when the WAL
   * is past it (what DuckDB's next commit would do; a failed or cancelled run leaves that to that commit). */
  end(ok: boolean): Promise<void>;
}

/** Raises the database's checkpoint threshold for writing vectors of `dim` floats (never lowers it). */
export async function widenCheckpoints(conn: DuckDBConnection, dim: number): Promise<CheckpointWindow> {
  // Never lowered (a larger value was set on purpose); an unreadable one is replaced and put back as is.
  const bytes = thresholdFor(dim);
  const hold = await holdSetting(conn, 'checkpoint_threshold', (previous) =>
    sizeBytes(previous) >= bytes ? null : `${Math.floor(bytes / 1024)}KiB`,
  );
  // Vectors do not compress; not trying halves the checkpoint's cost (compression-hold.ts).
  let floats: CompressionHold;
  try {
    floats = await holdUncompressedFloats(conn);
  } catch (e) {
    await hold.release();
    throw e;
  }
  const previousBytes = sizeBytes(hold.previous);
  const rowBytes = dim * 4 + ROW_OVERHEAD_BYTES;
  let sinceCheckpoint = 0;
  let ended = false;
  return {
    async committed(rows, rowsLeft) {
      sinceCheckpoint += rows;
      // A row group written since the last checkpoint; or the tail: what is in the WAL now is past the old
      // threshold (DuckDB's own rule would have fired) while the rest would stay under it (with a margin for the
      // WAL's overhead), so the run ends with no more in the WAL than that rule leaves.
      const full = sinceCheckpoint >= ROW_GROUP_ROWS;
      const share = TAIL_SHARE * previousBytes;
      const tail = rowsLeft * rowBytes < share && sinceCheckpoint * rowBytes >= share;
      if (!full && !tail) return;
      sinceCheckpoint = 0;
      await checkpoint(conn);
    },
    async end(ok) {
      if (ended) return;
      ended = true;
      try {
        const last = await hold.release();
        if (last && ok && (await walBytes(conn)) > previousBytes) await checkpoint(conn);
      } finally {
        await floats.release();
      }
    },
  };
}
