import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDuckDb, type DuckDbHandle, type DuckDBConnection } from './duckdb.js';
import { holdSetting } from './setting-hold.js';

let db: DuckDbHandle;
let a: DuckDBConnection;
let b: DuckDBConnection;

const methods = async () =>
  String((await a.runAndReadAll(`SELECT current_setting('disabled_compression_methods')`)).getRows()[0]?.[0]);

beforeAll(async () => {
  db = await openDuckDb(':memory:');
  a = await db.connect();
  b = await db.connect();
});
afterAll(() => {
  a.closeSync();
  b.closeSync();
  db.close();
});

describe('holdSetting', () => {
  it('changes a setting for every connection while held, counted, and restores what it found once', async () => {
    const before = await methods();
    const first = await holdSetting(a, 'disabled_compression_methods', () => 'fsst');
    expect(first.previous).toBe(before);
    // Database-wide: the other connection sees it too.
    expect(
      String(
        (await b.runAndReadAll(`SELECT current_setting('disabled_compression_methods')`)).getRows()[0]?.[0],
      ),
    ).toBe('FSST');
    // A second holder joins the change in force; its own value is not applied.
    const second = await holdSetting(b, 'disabled_compression_methods', () => 'dictionary');
    expect(second.previous).toBe(before);
    expect(await methods()).toBe('FSST');
    expect(await first.release()).toBe(false);
    expect(await methods()).toBe('FSST');
    expect(await second.release()).toBe(true);
    expect(await methods()).toBe(before);
    expect(await second.release()).toBe(false); // releasing twice changes nothing
  });

  it('leaves the setting as it is when asked to (null), and still restores nothing else', async () => {
    const hold = await holdSetting(a, 'checkpoint_threshold', () => null);
    expect(hold.previous).toBe('16.0 MiB');
    expect(await hold.release()).toBe(true);
    expect(
      String((await a.runAndReadAll(`SELECT current_setting('checkpoint_threshold')`)).getRows()[0]?.[0]),
    ).toBe('16.0 MiB');
  });

  it('a refused value fails the holder and leaves no hold behind', async () => {
    await expect(holdSetting(a, 'checkpoint_threshold', () => 'lots')).rejects.toThrow();
    const hold = await holdSetting(a, 'checkpoint_threshold', () => '32MiB');
    expect(hold.previous).toBe('16.0 MiB');
    expect(await hold.release()).toBe(true);
  });
});
