import { describe, expect, it } from 'vitest';
import { compatibility, pgTypeFor } from './pg-types.js';

describe('type mapping', () => {
  it('maps every field type', () => {
    expect(pgTypeFor('integer')).toBe('bigint');
    expect(pgTypeFor('number')).toBe('double precision');
    expect(pgTypeFor('number', { number: 'numeric' })).toBe('numeric');
    expect(pgTypeFor('boolean')).toBe('boolean');
    expect(pgTypeFor('date')).toBe('date');
    expect(pgTypeFor('datetime')).toBe('timestamp with time zone');
    expect(pgTypeFor('datetime', { datetime: 'timestamp' })).toBe('timestamp without time zone');
    expect(pgTypeFor('time')).toBe('time without time zone');
    expect(pgTypeFor('string')).toBe('text');
  });

  it('maps embeddings to vector(n) only when pgvector is there', () => {
    expect(pgTypeFor('embedding', {}, { dims: 384, pgvector: true })).toBe('vector(384)');
    expect(pgTypeFor('embedding', {}, { dims: 384, pgvector: false })).toBe('real[]');
  });
});

describe('compatibility with existing columns', () => {
  it.each([
    ['integer', 'bigint', 'ok'],
    ['integer', 'integer', 'narrowing'],
    ['integer', 'boolean', 'no'],
    ['number', 'numeric(10,2)', 'narrowing'],
    ['boolean', 'text', 'ok'],
    ['date', 'timestamp with time zone', 'ok'],
    ['datetime', 'date', 'narrowing'],
    ['time', 'time without time zone', 'ok'],
    ['string', 'uuid', 'narrowing'],
    ['string', 'character varying(5)', 'narrowing'],
    ['date', 'integer', 'no'],
  ] as const)('%s into %s: %s', (type, pg, expected) => {
    expect(compatibility(type, pg)).toBe(expected);
  });
});
