import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONFIG_KEYS } from './config.js';
import { PIPELINE_KEYS, loadPipeline, parsePipeline } from './parse.js';
import { PHASE_KEYS, PHASE_TYPES } from './parse-phase.js';

const FIX = resolve(import.meta.dirname, '../../tests/fixtures/pipelines');
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sluice-parse-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

/** The error parsing `raw` gives (relative paths against the fixtures folder). */
async function error(raw: unknown) {
  return parsePipeline(raw, { baseDir: FIX, env: {} }).then(
    () => {
      throw new Error('expected PIPELINE_INVALID');
    },
    (e: { code: string; message: string; details: Record<string, unknown> }) => e,
  );
}

describe('parsePipeline', () => {
  it('reads the example file: paths resolved, references read, defaults filled, hashes set', async () => {
    const p = await loadPipeline(join(FIX, 'orders.sluice.json'), {});
    const s = p.spec;
    expect(s.source).toEqual({ glob: join(FIX, 'drops/orders-*.csv'), dialect: { delimiter: ',' } });
    expect(s.schema?.fields.map((f) => f.name)).toContain('order_date');
    expect(s.recipe?.steps).toHaveLength(4);
    expect(s.phases.map((x) => `${x.type}:${x.name}`)).toEqual([
      'extract:extract',
      'validate:validate',
      'clean:clean',
      'transform:typed',
      'custom:totals',
      'load:files',
      'load:db',
    ]);
    expect(s.phases[0]?.retry).toEqual({
      attempts: 3,
      baseDelayMs: 500,
      factor: 2,
      maxDelayMs: 10000,
      jitter: 0.5,
    });
    expect(s.phases[6]?.retry.attempts).toBe(5);
    expect(s.phases[4]?.module).toBe(join(FIX, 'add-total.mjs'));
    expect(s.phases[4]?.moduleHash).toMatch(/^[0-9a-f]{64}$/);
    expect(s.destinations[1]).toMatchObject({
      name: 'flagged',
      keepLine: true,
      path: join(FIX, 'out/flagged.csv'),
    });
    expect(s.destinations[2]).toMatchObject({ type: 'postgres', options: { table: 'public.orders' } });
    expect(p.file).toBe(join(FIX, 'orders.sluice.json'));
    expect(p.fileHash).toMatch(/^[0-9a-f]{64}$/);
    // Key order and formatting do not change the spec hash; content does.
    const text = await readFile(join(FIX, 'orders.sluice.json'), 'utf8');
    const again = await parsePipeline(JSON.parse(text), { baseDir: FIX, env: {} });
    expect(again.specHash).toBe(p.specHash);
    const other = await parsePipeline(
      { ...JSON.parse(text), config: { chunkRows: 7 } },
      { baseDir: FIX, env: {} },
    );
    expect(other.specHash).not.toBe(p.specHash);
  });

  it('fills default phases from what the pipeline has', async () => {
    const p = await parsePipeline(
      {
        name: 'x',
        source: 'a.csv',
        schema: 'orders.schema.json',
        destinations: [{ type: 'csv', path: 'o.csv' }],
      },
      { baseDir: FIX, env: {} },
    );
    expect(p.spec.phases.map((x) => x.name)).toEqual(['extract', 'validate', 'load']);
    expect(p.spec.source).toEqual({ path: join(FIX, 'a.csv') });
    expect(p.spec.destinations[0]?.name).toBe('csv');
  });

  it.each([
    [{ name: 'x', phases: ['extract'], sorce: 'a.csv' }, '$.sorce', /unknown key 'sorce'/],
    [{ phases: [] }, '$.name', /non-empty string/],
    [{ name: 'x', source: 'a.csv', phases: [] }, '$.phases', /at least 1/],
    [{ name: 'x', source: 'a.csv', phases: ['extract', 'fix'] }, '$.phases[1].type', /one of extract/],
    [
      { name: 'x', source: 'a.csv', phases: ['extract', { type: 'load', sql: 'x' }] },
      '$.phases[1].sql',
      /unknown key/,
    ],
    [
      { name: 'x', source: 'a.csv', phases: ['extract', { type: 'custom', name: 'Bad-Name', sql: 's' }] },
      '$.phases[1].name',
      /lowercase/,
    ],
    [
      { name: 'x', source: 'a.csv', phases: ['extract', { type: 'custom', name: 'a__b', sql: 's' }] },
      '$.phases[1].name',
      /lowercase/,
    ],
    [{ name: 'x', source: 'a.csv', phases: ['extract', 'extract'] }, '$.phases[1].name', /named twice/],
    [{ name: 'x', source: 'a.csv', phases: ['validate'] }, '$.phases[0]', /needs input/],
    [{ name: 'x', phases: ['extract'] }, '$.source', /required by the extract/],
    [
      { name: 'x', source: 'a.csv', phases: ['extract', 'validate'] },
      '$.schema',
      /required by phase 'validate'/,
    ],
    [{ name: 'x', source: 'a.csv', phases: ['extract', 'clean'] }, '$.recipe', /required by phase 'clean'/],
    [
      { name: 'x', source: 'a.csv', phases: ['extract', 'load'] },
      '$.destinations',
      /at least one destination/,
    ],
    [
      {
        name: 'x',
        source: 'a.csv',
        destinations: [{ type: 'csv', path: 'a' }],
        phases: ['extract', { type: 'load', destinations: ['pg'] }],
      },
      '$.phases[1].destinations[0]',
      /no destination named 'pg'/,
    ],
    [
      { name: 'x', destinations: [{ type: 'csv' }], phases: [{ type: 'custom', sql: 's' }] },
      '$.destinations[0].path',
      /non-empty/,
    ],
    [
      { name: 'x', destinations: [{ type: 'postgres', path: 'p' }], phases: [{ type: 'custom', sql: 's' }] },
      '$.destinations[0].path',
      /no path/,
    ],
    [
      { name: 'x', phases: [{ type: 'custom', sql: 's', module: 'm.mjs' }] },
      '$.phases[0]',
      /exactly one of sql or module/,
    ],
    [
      {
        name: 'x',
        phases: [
          { type: 'custom', sql: 's' },
          { type: 'custom', name: 'm', module: 'nope.mjs' },
        ],
      },
      '$.phases[1].module',
      /cannot read .*ENOENT/,
    ],
    [
      {
        name: 'x',
        phases: [
          { type: 'custom', sql: 's' },
          { type: 'custom', name: 'm', module: 'm.py' },
        ],
      },
      '$.phases[1].module',
      /JavaScript/,
    ],
    [
      { name: 'x', phases: [{ type: 'custom', sql: 's', params: {} }] },
      '$.phases[0].params',
      /only a module phase/,
    ],
    [
      { name: 'x', phases: [{ type: 'custom', sql: 's', when: { cron: '0 25 * * *' } }] },
      '$.phases[0].when.cron',
      /hour: '25'/,
    ],
    [
      { name: 'x', phases: [{ type: 'custom', sql: 's', when: { weekdays: ['funday'] } }] },
      '$.phases[0].when.weekdays[0]',
      /one of sun/,
    ],
    [
      { name: 'x', phases: [{ type: 'custom', sql: 's', when: {} }] },
      '$.phases[0].when',
      /sql, weekdays or cron/,
    ],
    [
      { name: 'x', phases: [{ type: 'custom', sql: 's', retry: { attempts: 0 } }] },
      '$.phases[0].retry.attempts',
      /from 1 to 100/,
    ],
    [
      { name: 'x', phases: [{ type: 'custom', sql: 's' }], errorBudget: { maxRatio: 2 } },
      '$.errorBudget.maxRatio',
      /from 0 to 1/,
    ],
    [
      { name: 'x', phases: [{ type: 'custom', sql: 's' }], errorBudget: {} },
      '$.errorBudget',
      /maxFindings or maxRatio/,
    ],
    [
      { name: 'x', phases: [{ type: 'custom', sql: 's' }], config: { chunkRows: 0 } },
      '$.config.chunkRows',
      /integer ≥ 1/,
    ],
    [
      { name: 'x', phases: [{ type: 'custom', sql: 's' }], config: { chunk: 5 } },
      '$.config.chunk',
      /unknown key/,
    ],
    [
      { name: 'x', phases: [{ type: 'custom', sql: 's' }], timezone: 'Mars/Olympus' },
      '$.timezone',
      /not a time zone/,
    ],
    [{ name: 'x', version: 2, phases: [{ type: 'custom', sql: 's' }] }, '$.version', /unsupported version/],
    [{ name: 'x', source: 'a.csv', schema: 'missing.json' }, '$.schema', /cannot read .*ENOENT/],
    [
      { name: 'x', source: 'a.csv', schema: { fields: [{ name: 'a', type: 'text' }] } },
      '$.schema',
      /field 1 \('a'\)/,
    ],
    [{ name: 'x', source: 'a.csv', recipe: { format: 'nope', steps: [] } }, '$.recipe', /format/],
    [
      { name: 'x', source: 'a.csv', phases: ['extract', { type: 'map', columns: {} }] },
      '$.phases[1].columns',
      /at least one column/,
    ],
    [
      { name: 'x', source: 'a.csv', phases: ['extract', { type: 'transform' }] },
      '$.phases[1]',
      /exactly one of sql or recipe/,
    ],
  ])('rejects %j at %s', async (raw, path, message) => {
    const e = await error(raw);
    expect(e.code).toBe('PIPELINE_INVALID');
    expect(e.details.jsonPath).toBe(path);
    expect(e.message.startsWith(`${path}: `)).toBe(true);
    expect(e.message).toMatch(message);
    expect(typeof e.details.hint).toBe('string');
  });

  it('reports a JSON syntax error with line and column', async () => {
    const file = join(dir, 'bad.sluice.json');
    await writeFile(file, '{\n  "name": "x",\n  "phases": [,]\n}\n');
    await expect(loadPipeline(file)).rejects.toMatchObject({
      code: 'PIPELINE_INVALID',
      details: { file, line: 3, column: 14 },
    });
    await expect(loadPipeline(join(dir, 'none.sluice.json'))).rejects.toMatchObject({
      code: 'FILE_NOT_FOUND',
    });
  });
});

describe('pipeline.schema.json', () => {
  it('declares exactly the keys the parser accepts', async () => {
    const schema = JSON.parse(await readFile(join(import.meta.dirname, 'pipeline.schema.json'), 'utf8'));
    expect(Object.keys(schema.properties).sort()).toEqual([...PIPELINE_KEYS].sort());
    expect(Object.keys(schema.properties.config.properties).sort()).toEqual([...CONFIG_KEYS].sort());
    expect(schema.$defs.phase.properties.type.enum).toEqual(PHASE_TYPES);
    const phaseKeys = [...new Set(Object.values(PHASE_KEYS).flat())].sort();
    expect(Object.keys(schema.$defs.phase.properties).sort()).toEqual(phaseKeys);
  });
});
