import { describe, expect, it } from 'vitest';
import { CONFIG_TABLE, configDocs, resolveConfig } from './config.js';

describe('resolveConfig', () => {
  it('takes defaults, then the pipeline file, then the environment', () => {
    const { values, sources } = resolveConfig(
      { chunkRows: 500, retentionDays: 3 },
      { SLUICE_RETENTION_DAYS: '9' },
      8,
    );
    expect(values.chunkRows).toBe(500);
    expect(sources.chunkRows).toBe('pipeline');
    expect(values.retentionDays).toBe(9);
    expect(sources.retentionDays).toBe('env');
    expect(values.threads).toBe(7);
    expect(sources.threads).toBe('default');
    expect(values.memoryLimitMb).toBe(160);
  });

  it('never defaults to zero threads', () => {
    expect(resolveConfig({}, {}, 1).values.threads).toBe(1);
    expect(resolveConfig({}, { SLUICE_THREADS: '3' }, 1).values.threads).toBe(3);
  });

  it.each([['abc'], ['1.5'], ['0'], ['-4']])('refuses SLUICE_CHUNK_ROWS=%s naming the variable', (v) => {
    expect(() => resolveConfig({}, { SLUICE_CHUNK_ROWS: v })).toThrow(
      /SLUICE_CHUNK_ROWS must be an integer ≥ 1/,
    );
  });

  it('ignores empty variables and documents every entry', () => {
    expect(resolveConfig({}, { SLUICE_CHUNK_ROWS: ' ' }).sources.chunkRows).toBe('default');
    const docs = configDocs();
    expect(docs.map((d) => d.key)).toEqual(Object.keys(CONFIG_TABLE));
    for (const d of docs) {
      expect(d.env).toMatch(/^SLUICE_[A-Z_]+$/);
      expect(d.description.length).toBeGreaterThan(20);
    }
  });
});
