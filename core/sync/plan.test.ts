import { describe, expect, it } from 'vitest';
import type { SchemaField } from '../contract/schema.js';
import type { TargetInfo } from './introspect.js';
import { nearMatches, planSync, type PlanInput } from './plan.js';

const field = (name: string, type: SchemaField['type'] = 'string', required = false): SchemaField => ({
  name,
  type,
  ...(required ? { constraints: { required } } : {}),
});
const cols = (...fs: SchemaField[]) => fs.map((f) => ({ field: f, source: f.name, kind: f.type }));
const absent: TargetInfo = {
  exists: false,
  columns: [],
  uniqueKeys: [],
  dependents: [],
  pgvector: false,
  serverVersionNum: 180000,
};
const existing = (columns: TargetInfo['columns'], uniqueKeys: string[][] = []): TargetInfo => ({
  ...absent,
  exists: true,
  columns,
  uniqueKeys,
});
const col = (name: string, type: string, notNull = false, hasDefault = false) => ({
  name,
  type,
  notNull,
  hasDefault,
  generated: false,
});
const base = (over: Partial<PlanInput>): PlanInput => ({
  dbSchema: 'public',
  table: 't',
  mode: 'append',
  columns: cols(field('id', 'integer', true), field('name')),
  key: [],
  drift: 'add',
  types: {},
  target: absent,
  ...over,
});

describe('planSync', () => {
  it('creates a new table from the schema with the documented types and the key', () => {
    const p = planSync(base({ mode: 'upsert', key: ['id'] }));
    expect(p.problems).toEqual([]);
    expect(p.schemaChanges).toEqual([
      'CREATE TABLE "public"."t" ("id" bigint NOT NULL, "name" text, PRIMARY KEY ("id"))',
    ]);
  });

  it('maps onto an existing table and adds a new column under drift policy add', () => {
    const p = planSync(base({ target: existing([col('id', 'bigint'), col('extra', 'text')]) }));
    expect(p.columns.map((c) => `${c.field}:${c.action}`)).toEqual(['id:map', 'name:add']);
    expect(p.schemaChanges).toEqual(['ALTER TABLE "public"."t" ADD COLUMN "name" text']);
  });

  it('reports problems before writing: types, NOT NULL, key, drift with suggestions', () => {
    const target = existing([col('id', 'boolean'), col('Name', 'text'), col('must', 'text', true)]);
    const p = planSync(base({ mode: 'upsert', key: ['id'], drift: 'fail', target }));
    const kinds = p.problems.map((x) => x.kind).sort();
    expect(kinds).toEqual(['drift', 'key', 'not-null', 'type']);
    expect(p.problems.find((x) => x.kind === 'drift')?.hint).toContain('"Name"');
  });

  it('requires a unique index on the key for upsert into an existing table', () => {
    const ok = planSync(
      base({
        mode: 'upsert',
        key: ['id'],
        target: existing([col('id', 'bigint'), col('name', 'text')], [['id']]),
      }),
    );
    expect(ok.problems).toEqual([]);
    const bad = planSync(
      base({ mode: 'insert-new', key: ['id'], target: existing([col('id', 'bigint'), col('name', 'text')]) }),
    );
    expect(bad.problems[0]?.hint).toContain('CREATE UNIQUE INDEX');
  });

  it('refuses a replace that would strand views', () => {
    const p = planSync(
      base({
        mode: 'replace',
        target: { ...existing([col('id', 'bigint'), col('name', 'text')]), dependents: ['v_orders'] },
      }),
    );
    expect(p.problems.map((x) => x.kind)).toEqual(['dependents']);
  });

  it('follows columnMap and ignores unknown fields under drift policy ignore', () => {
    const target = existing([col('ident', 'bigint'), col('x', 'text')]);
    const p = planSync(base({ columnMap: { id: 'ident' }, drift: 'ignore', target }));
    expect(p.columns.map((c) => `${c.field}->${c.column}:${c.action}`)).toEqual([
      'id->ident:map',
      'name->name:ignore',
    ]);
    expect(p.sent.map((s) => s.column)).toEqual(['ident']);
  });
});

describe('nearMatches', () => {
  it('finds columns differing in case, punctuation or a typo', () => {
    expect(nearMatches('Customer ID', ['customer_id', 'other'])).toEqual(['customer_id']);
    expect(nearMatches('adress', ['address', 'zip'])).toEqual(['address']);
    expect(nearMatches('id', ['xy'])).toEqual([]);
  });
});
