import { describe, expect, it } from 'vitest';
import type { ColumnProfile, DatasetProfile } from '../contract/profile.js';
import { inferSchema, isIdLike } from './infer-schema.js';
import { parseSchema } from './parse-schema.js';

function column(name: string, over: Partial<ColumnProfile>): ColumnProfile {
  return {
    name,
    type: 'string',
    typeConfidence: 1,
    rows: 100,
    nulls: 0,
    distinct: 10,
    distinctApproximate: false,
    min: null,
    max: null,
    mean: null,
    quantiles: null,
    topValues: [],
    histogram: { kind: 'length', bins: [] },
    ...over,
  };
}

const profile = (columns: ColumnProfile[]): DatasetProfile => ({ rows: 100, columns, durationMs: 1 });

describe('inferSchema', () => {
  it('takes types and formats from the profile and marks columns without missing values required', () => {
    const s = inferSchema(
      profile([
        column('order_id', { type: 'integer', distinct: 100 }),
        column('placed', { type: 'date', format: '%d/%m/%Y', nulls: 3 }),
        column('email', { type: 'string', format: 'email' }),
        column('amount', { type: 'number', typeConfidence: 0.97 }),
      ]),
    );
    expect(s).toEqual({
      fields: [
        { name: 'order_id', type: 'integer', constraints: { required: true, unique: true } },
        { name: 'placed', type: 'date', format: '%d/%m/%Y' },
        { name: 'email', type: 'string', format: 'email', constraints: { required: true } },
        { name: 'amount', type: 'number', constraints: { required: true } },
      ],
      primaryKey: 'order_id',
    });
    expect(parseSchema(s)).toEqual(s);
  });

  it('suggests a key only for an id-like integer column, all distinct, counted exactly', () => {
    const key = (c: ColumnProfile) => inferSchema(profile([c])).primaryKey;
    expect(key(column('id', { type: 'integer', distinct: 100 }))).toBe('id');
    expect(key(column('qty', { type: 'integer', distinct: 100 }))).toBeUndefined();
    expect(key(column('id', { type: 'integer', distinct: 99 }))).toBeUndefined();
    expect(key(column('id', { type: 'integer', distinct: 100, distinctApproximate: true }))).toBeUndefined();
    expect(key(column('id', { type: 'integer', distinct: 100, typeConfidence: 0.99 }))).toBeUndefined();
    expect(key(column('id', { type: 'string', distinct: 100 }))).toBeUndefined();
  });

  it('recognises id-like names', () => {
    expect(['id', 'ID', 'order_id', 'Order ID', 'orderId', 'customer-key', 'pk'].map(isIdLike)).toEqual(
      Array(7).fill(true),
    );
    expect(['idea', 'valid', 'paid', 'width', 'monkey'].map(isIdLike)).toEqual(Array(5).fill(false));
  });

  it('infers plain strings for an empty table', () => {
    const s = inferSchema({ rows: 0, columns: [column('a', { rows: 0, distinct: 0 })], durationMs: 0 });
    expect(s).toEqual({ fields: [{ name: 'a', type: 'string' }] });
  });
});
