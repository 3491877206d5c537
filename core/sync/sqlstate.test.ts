import { describe, expect, it } from 'vitest';
import { ERROR_TABLE } from '../contract/errors.js';
import { codeForSqlstate, copyLineOf, pgToAppError } from './sqlstate.js';

const pgError = (code: string, extra: Record<string, string> = {}) =>
  Object.assign(new Error(`failed ${code}`), { code, ...extra });

describe('SQLSTATE classification', () => {
  it.each([
    ['08006', 'DB_UNREACHABLE', true],
    ['40001', 'DB_TRANSIENT', true],
    ['40P01', 'DB_TRANSIENT', true],
    ['57P01', 'DB_TRANSIENT', true],
    ['53300', 'DB_TRANSIENT', true],
    ['22P02', 'DB_DATA', false],
    ['23505', 'DB_DATA', false],
    ['28P01', 'DB_AUTH', false],
    ['42501', 'DB_AUTH', false],
    ['42P01', 'DB_SCHEMA', false],
  ] as const)('%s → %s (transient: %s)', (sqlstate, code, transient) => {
    expect(codeForSqlstate(sqlstate)).toBe(code);
    const e = pgToAppError(pgError(sqlstate));
    expect(e.code).toBe(code);
    expect(e.details.sqlstate).toBe(sqlstate);
    expect(ERROR_TABLE[e.code].transient).toBe(transient);
  });

  it('treats a dropped socket as unreachable (transient)', () => {
    const e = pgToAppError(new Error('Connection terminated unexpectedly'));
    expect(e.code).toBe('DB_UNREACHABLE');
    expect(pgToAppError(Object.assign(new Error('x'), { code: 'ECONNREFUSED' })).code).toBe('DB_UNREACHABLE');
  });

  it('keeps constraint and context, scrubs the secret', () => {
    const e = pgToAppError(
      pgError('23505', {
        constraint: 't_pkey',
        where: 'COPY t, line 7, column id: "x"',
        detail: 'hunter2 is here',
      }),
      'hunter2',
    );
    expect(e.details.constraint).toBe('t_pkey');
    expect(copyLineOf(e)).toBe(7);
    expect(JSON.stringify(e.details)).not.toContain('hunter2');
  });
});
