// Loads parts one at a time on one connection, in the background of the pre-pass: `enqueue` waits for the
// previous load (so at most one part is being loaded while the next one is written) and starts the next.
// A failed load is kept and rethrown by the next call, never left as an unhandled rejection.

import { rmSync } from 'node:fs';
import type { DuckDBConnection } from '@duckdb/node-api';
import type { NormalizedPart } from './normalize-writer.js';

/** Serial background loader of normalized parts. */
export class LoadQueue {
  /** Source bytes covered by the parts loaded so far. */
  loadedBytes = 0;
  /** True while a load runs (then `conn.interrupt()` can stop it). */
  busy = false;
  private current: Promise<void> = Promise.resolve();
  private error: unknown = undefined;
  private failed = false;

  constructor(private readonly conn: DuckDBConnection) {}

  /**
   * Waits for the previous load, then starts `load(conn)` for `part`; the part file is deleted once it is
   * loaded (and its rejects read).
   */
  async enqueue(
    part: NormalizedPart,
    bytesDone: number,
    load: (conn: DuckDBConnection) => Promise<void>,
  ): Promise<void> {
    await this.drain();
    this.busy = true;
    this.current = load(this.conn).then(
      () => {
        this.busy = false;
        this.loadedBytes = bytesDone;
        rmSync(part.path, { force: true });
      },
      (e: unknown) => {
        this.busy = false;
        this.failed = true;
        this.error = e;
      },
    );
  }

  /** Waits for the running load; rethrows a load failure. */
  async drain(): Promise<void> {
    await this.current;
    if (this.failed) throw this.error;
  }

  /** Waits for the running load, ignoring its outcome (cleanup after a failure). */
  async settle(): Promise<void> {
    await this.current;
  }
}
