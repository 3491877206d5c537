// Runs a pass: a producer cuts the remaining lines into batches (sized adaptively) and exports each to a file
// ahead of time, while N workers load them. The first hard error, the error budget or an abort stops the
// producer; workers finish the batch in hand, so only whole batches are ever committed.

import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { AppError } from '../contract/errors.js';
import type { SyncContext } from './context.js';
import type { BatchSizing } from './options.js';
import { exportBatch, granules, type LineSet } from './source.js';
import { isStaged } from './statements.js';
import { SyncWorker, type PreparedBatch } from './worker.js';

/** The current adaptive batch size. */
export class AdaptiveSize {
  value: number;
  constructor(private readonly b: BatchSizing) {
    this.value = b.initial;
  }
  /** Grow 1.5× after a fast clean batch (< 1 s), halve after a slow one (> 4 s) or one with data errors. */
  update(seconds: number, hadErrors: boolean): void {
    if (hadErrors || seconds > 4) this.value = Math.max(this.b.min, Math.floor(this.value / 2));
    else if (seconds < 1) this.value = Math.min(this.b.max, Math.ceil(this.value * 1.5));
  }
}

/** Batches of a first pass: the uncommitted gaps, cut at granule boundaries of sendable rows. */
export async function* gapBatches(
  ctx: SyncContext,
  gaps: [number, number][],
  granule: number,
  size: AdaptiveSize,
): AsyncGenerator<LineSet> {
  const c = await ctx.src.duck.connect();
  try {
    for (const [from, to] of gaps) {
      const bounds = await granules(c, ctx.src, { from, to }, granule);
      let start = from;
      for (let i = 0; i < bounds.length;) {
        const k = Math.max(1, Math.round(size.value / granule));
        const j = Math.min(i + k, bounds.length) - 1;
        yield { from: start, to: bounds[j]! };
        start = bounds[j]! + 1;
        i = j + 1;
      }
    }
  } finally {
    c.closeSync();
  }
}

/** Batches of a re-sync pass: explicit lines. */
export async function* lineBatches(lines: number[], size: AdaptiveSize): AsyncGenerator<LineSet> {
  for (let i = 0; i < lines.length;) {
    const chunk = lines.slice(i, i + size.value);
    i += chunk.length;
    yield { from: chunk[0]!, to: chunk[chunk.length - 1]!, lines: chunk };
  }
}

/** A small bounded queue between the producer and the workers. */
class Queue<T> {
  private items: T[] = [];
  private waiters: ((v: T | undefined) => void)[] = [];
  private space: (() => void)[] = [];
  private ended = false;
  constructor(private readonly capacity: number) {}
  /** False when the queue no longer takes items (the caller keeps ownership of `item`). */
  async put(item: T): Promise<boolean> {
    while (this.items.length >= this.capacity && !this.ended)
      await new Promise<void>((r) => this.space.push(r));
    if (this.ended) return false;
    const w = this.waiters.shift();
    if (w) w(item);
    else this.items.push(item);
    return true;
  }
  /** The next item; undefined once the queue has ended and is empty. */
  async take(): Promise<T | undefined> {
    const item = this.items.shift();
    this.space.shift()?.();
    if (item !== undefined || this.ended) return item;
    return new Promise((r) => this.waiters.push(r));
  }
  /** No more items will come; takers still get what is queued. */
  end(): void {
    this.ended = true;
    this.waiters.splice(0).forEach((w) => w(undefined));
    this.space.splice(0).forEach((s) => s());
  }
  /** Ends the queue and hands back what was never taken. */
  drain(): T[] {
    this.end();
    return this.items.splice(0);
  }
}

/** Loads every batch of `batches` with `parallel` workers; throws the first error (or CANCELLED). */
export async function runPass(
  ctx: SyncContext,
  batches: AsyncGenerator<LineSet>,
  parallel: number,
  size: AdaptiveSize,
  shouldStop: () => AppError | undefined,
): Promise<void> {
  const queue = new Queue<PreparedBatch>(parallel);
  let failure: unknown;
  const stop = () =>
    failure ??
    shouldStop() ??
    (ctx.signal?.aborted ? new AppError('CANCELLED', 'Sync cancelled.') : undefined);
  const workers = Array.from({ length: parallel }, (_, i) => new SyncWorker(ctx, i + 1));
  const producer = (async () => {
    const c = await ctx.src.duck.connect();
    try {
      for await (const set of batches) {
        if (stop()) break;
        const file = join(ctx.tmpDir, `p-${randomBytes(6).toString('hex')}.csv`);
        const rows = await exportBatch(c, ctx.src, set, file, isStaged(ctx.mode), false);
        if (!(await queue.put({ set, file, rows, ordered: false }))) await rm(file, { force: true });
      }
    } catch (e) {
      failure ??= e;
    } finally {
      c.closeSync();
      queue.end();
    }
  })();
  const loops = workers.map(async (w) => {
    try {
      await w.open();
      for (let item = await queue.take(); item; item = await queue.take()) {
        if (stop()) {
          if (item.file) await rm(item.file, { force: true });
          continue;
        }
        const split = ctx.stats.split;
        const t = performance.now();
        await w.load(item);
        size.update((performance.now() - t) / 1000, ctx.stats.split !== split);
      }
    } catch (e) {
      failure ??= e;
      for (const left of queue.drain()) if (left.file) await rm(left.file, { force: true });
    } finally {
      await w.close();
    }
  });
  await Promise.all([producer, ...loops]);
  const why = stop();
  if (why) throw why;
}
