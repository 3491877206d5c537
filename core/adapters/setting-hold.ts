// A database-wide DuckDB setting changed for the length of some work (an embed run's checkpoint threshold). Settings are
// global to the database, so overlapping holders of the same setting share one change, counted: the first reads
// the value in force and sets its own, the last one out puts back what the first found.

import { ownerOf, type DuckDBConnection } from './duckdb.js';

interface Held {
  users: number;
  previous: string;
  /** Settles when the change has been sent to DuckDB. */
  ready: Promise<void>;
}

/** What identifies the database `conn` is on, for holds kept per database (a connection from elsewhere counts
 * as its own database). */
export function databaseOf(conn: DuckDBConnection): object {
  return ownerOf(conn) ?? conn;
}

const holds = new WeakMap<object, Map<string, Held>>();

/** A held setting: the value found before the first holder changed it, and the release. */
export interface SettingHold {
  previous: string;
  /** Idempotent; restores the setting when no other holder needs it (then true). */
  release(): Promise<boolean>;
}

const quote = (v: string) => `'${v.replace(/'/g, "''")}'`;

/** The value of setting `name` as DuckDB prints it. */
export async function currentSetting(conn: DuckDBConnection, name: string): Promise<string> {
  const r = await conn.runAndReadAll(`SELECT current_setting(${quote(name)})`);
  return String(r.getRows()[0]?.[0] ?? '');
}

/** Sets database-wide setting `name` (its name comes from this code, never from input). */
export async function setGlobal(conn: DuckDBConnection, name: string, value: string): Promise<void> {
  await conn.run(`SET GLOBAL ${name} = ${quote(value)}`);
}

/**
 * Holds setting `name` of the database `conn` is on: when no one holds it yet, sets it to `next(previous)` (null:
 * keep it as it is). A later holder joins the change in force (its own `next` is not asked).
 */
export async function holdSetting(
  conn: DuckDBConnection,
  name: string,
  next: (previous: string) => string | null,
): Promise<SettingHold> {
  const db = databaseOf(conn);
  let byName = holds.get(db);
  if (!byName) holds.set(db, (byName = new Map()));
  let held = byName.get(name);
  if (!held) {
    const previous = await currentSetting(conn, name);
    // Another holder may have come first while this one read the setting.
    held = byName.get(name);
    if (!held) {
      const value = next(previous);
      const map = byName;
      const ready =
        value === null
          ? Promise.resolve()
          : setGlobal(conn, name, value).then(
              () => undefined,
              (e: unknown) => {
                // Not in force: the next holder starts afresh.
                if (map.get(name) === held) map.delete(name);
                throw e;
              },
            );
      held = { users: 0, previous, ready };
      map.set(name, held);
    }
  }
  held.users++;
  await held.ready;
  const mine = held;
  const map = byName;
  let released = false;
  return {
    previous: mine.previous,
    async release() {
      if (released) return false;
      released = true;
      mine.users--;
      if (mine.users > 0 || map.get(name) !== mine) return false;
      map.delete(name);
      await setGlobal(conn, name, mine.previous);
      return true;
    },
  };
}
