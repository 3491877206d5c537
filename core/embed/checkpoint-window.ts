// Vectors are wide rows (FLOAT[384] is 1.5 KB). DuckDB checkpoints automatically whenever the WAL passes
// `checkpoint_threshold` (16 MiB by default, about 11,000 such rows), and each of those checkpoints rewrites and
// recompresses the whole partly filled row group (122,880 rows): a long embed run compressed every row several
// times over and left a file twice the size (measured, 250,000 rows in chunks of 8,192: 117 µs of DuckDB time a
// row and a 1.05 GB file; with the threshold at about one row group of vectors, 44 µs and 543 MB). So while
// vectors are written the threshold is raised to about one row group of them and put back afterwards. It is a
// database-wide setting: overlapping runs on one database share one raise (counted), and the last one out
// restores the value it found. Commits stay per chunk: the WAL makes each one durable, the checkpoint only
// moves the rows into the file.

import type { DuckDbHandle, DuckDBConnection } from '../adapters/duckdb.js';

/** DuckDB's rows per row group (its default). */
const ROW_GROUP_ROWS = 122_880;
/** Upper bound of the raised threshold (a longer WAL is a longer replay after a crash). */
const MAX_THRESHOLD_BYTES = 256 * 1024 * 1024;

interface Raised {
  users: number;
  previous: string;
  /** Settles when the raise (or the restore) has been sent to DuckDB. */
  ready: Promise<void>;
}

const raised = new WeakMap<DuckDbHandle, Raised>();

async function setting(conn: DuckDBConnection): Promise<string> {
  const r = await conn.runAndReadAll(`SELECT current_setting('checkpoint_threshold')`);
  return String(r.getRows()[0]?.[0] ?? '16.0 MiB');
}

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

async function walBytes(conn: DuckDBConnection): Promise<number> {
  const r = await conn.runAndReadAll(
    'SELECT wal_size FROM pragma_database_size() WHERE database_name = current_database()',
  );
  const v = sizeBytes(String(r.getRows()[0]?.[0] ?? ''));
  return Number.isNaN(v) ? Infinity : v;
}

/** Bytes of WAL a row group of `dim`-float vectors takes (plus line number and key), capped. */
export function thresholdFor(dim: number): number {
  return Math.min(MAX_THRESHOLD_BYTES, ROW_GROUP_ROWS * (dim * 4 + 96));
}

/**
 * Raises the database's checkpoint threshold for writing vectors of `dim` floats (never lowers it); returns
 * `end(ok)`, which restores it when no other run still needs it and, after a successful run, checkpoints when the
 * WAL is past the restored threshold (a failed or cancelled run leaves that to DuckDB's next commit).
 */
export async function widenCheckpoints(
  db: DuckDbHandle,
  conn: DuckDBConnection,
  dim: number,
): Promise<(ok: boolean) => Promise<void>> {
  let state = raised.get(db);
  if (state) {
    state.users++;
    await state.ready;
  } else {
    const previous = await setting(conn);
    // Another run may have raised it while this one read the setting.
    state = raised.get(db);
    if (state) {
      state.users++;
      await state.ready;
    } else {
      const bytes = thresholdFor(dim);
      // Never lowered (a larger value was set on purpose); an unreadable one is replaced and put back as is.
      const ready =
        sizeBytes(previous) >= bytes
          ? Promise.resolve()
          : conn
              .run(`SET GLOBAL checkpoint_threshold = '${Math.floor(bytes / 1024)}KiB'`)
              .then(() => undefined);
      state = { users: 1, previous, ready };
      raised.set(db, state);
      await ready;
    }
  }
  const mine = state;
  let ended = false;
  return async (ok) => {
    if (ended) return;
    ended = true;
    mine.users--;
    if (mine.users > 0 || raised.get(db) !== mine) return;
    raised.delete(db);
    await conn.run(`SET GLOBAL checkpoint_threshold = '${mine.previous.replace(/'/g, "''")}'`);
    // What DuckDB would do at its next commit now that the threshold is back: checkpoint when the WAL is past it.
    // Done here, so the run's own rows are in the file when the phase ends (not left to whatever writes next).
    if (ok && (await walBytes(conn)) > sizeBytes(mine.previous)) await conn.run('CHECKPOINT');
  };
}
