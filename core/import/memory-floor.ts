// DuckDB's memory limit is kept low by default (SLUICE_MEMORY_LIMIT_MB: a 10M-row file then stays far under 1 GB
// of RSS), but writing a table needs a buffer per column and thread whatever the row count: a 3-row file with
// 2,000 columns used 244 MiB on 2 threads. So importing or reopening a dataset raises the limit to a floor that
// grows with the width (ensureMemoryFloor).

import type { DuckDBConnection } from '../adapters/duckdb.js';

const MiB = 2 ** 20;
const UNITS: Record<string, number> = { B: 1, KiB: 2 ** 10, MiB, GiB: 2 ** 30, TiB: 2 ** 40 };

/** Bytes of a DuckDB size setting such as '244.1 MiB' (NaN when it cannot be read). */
export function parseDuckSize(text: string): number {
  const m = /^([\d.]+)\s*([KMGT]?i?B|bytes)$/.exec(text.trim());
  if (!m) return NaN;
  const unit = m[2] === 'bytes' ? 'B' : (m[2] as string);
  return Number(m[1]) * (UNITS[unit] ?? NaN);
}

/** The memory a table of `columns` columns needs to be written by `threads` threads (measured, with headroom). */
export function memoryFloorBytes(columns: number, threads: number): number {
  return 128 * MiB + columns * Math.max(1, threads) * 160 * 1024;
}

/**
 * Raises DuckDB's memory limit to the floor for a table of `columns` columns when it is below it, and leaves it
 * there: the profile, validation and recipe stages of that table are as wide as the import, so the workspace
 * keeps the floor of the widest table it has opened (a narrow file raises it by a few MiB at most).
 */
export async function ensureMemoryFloor(conn: DuckDBConnection, columns: number): Promise<void> {
  const row = (
    await conn.runAndReadAll(`SELECT current_setting('memory_limit'), current_setting('threads')`)
  ).getRows()[0];
  const limit = parseDuckSize(String(row?.[0] ?? ''));
  const floor = memoryFloorBytes(columns, Number(row?.[1] ?? 1));
  if (limit < floor) await conn.run(`SET memory_limit = '${Math.ceil(floor / MiB)}MiB'`);
}
