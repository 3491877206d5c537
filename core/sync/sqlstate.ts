// PostgreSQL errors to AppErrors, by SQLSTATE, in one table. Retry logic never looks at SQLSTATEs: it asks
// ERROR_TABLE (core/contract/errors.ts) whether the resulting code is transient.

import { AppError, type ErrorCode } from '../contract/errors.js';

/** [SQLSTATE or class prefix, code, what it means]. The longest matching prefix wins. */
export const SQLSTATE_TABLE: readonly (readonly [string, ErrorCode, string])[] = [
  ['08', 'DB_UNREACHABLE', 'connection exception'],
  ['28', 'DB_AUTH', 'invalid authorization'],
  ['42501', 'DB_AUTH', 'insufficient privilege'],
  ['3D000', 'DB_SCHEMA', 'database does not exist'],
  ['3F000', 'DB_SCHEMA', 'schema does not exist'],
  ['40001', 'DB_TRANSIENT', 'serialization failure'],
  ['40P01', 'DB_TRANSIENT', 'deadlock detected'],
  ['40003', 'DB_TRANSIENT', 'statement completion unknown'],
  ['53', 'DB_TRANSIENT', 'insufficient resources (too many connections, disk full, out of memory)'],
  ['55P03', 'DB_TRANSIENT', 'lock not available'],
  ['55006', 'DB_TRANSIENT', 'object in use'],
  ['57014', 'DB_TRANSIENT', 'query canceled (statement timeout)'],
  ['57P01', 'DB_TRANSIENT', 'admin shutdown (backend terminated)'],
  ['57P02', 'DB_TRANSIENT', 'crash shutdown'],
  ['57P03', 'DB_TRANSIENT', 'cannot connect now (server starting)'],
  ['57P05', 'DB_TRANSIENT', 'idle session timeout'],
  ['58', 'DB_TRANSIENT', 'system error (I/O)'],
  ['21000', 'DB_DATA', 'cardinality violation'],
  ['22', 'DB_DATA', 'data exception'],
  ['23', 'DB_DATA', 'integrity constraint violation'],
  ['42', 'DB_SCHEMA', 'syntax error or access rule violation'],
  ['0A', 'DB_SCHEMA', 'feature not supported'],
  ['2B', 'DB_SCHEMA', 'dependent objects still exist'],
];

/** Node socket errors: the server is gone or was never there. */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
  'ENOTFOUND',
]);

/** The fields node-postgres puts on a server error. */
export interface PgErrorFields {
  code?: string;
  detail?: string;
  hint?: string;
  where?: string;
  constraint?: string;
  column?: string;
  table?: string;
  schema?: string;
}

/** The table's code for a SQLSTATE (undefined when it is not listed). */
export function codeForSqlstate(sqlstate: string): ErrorCode | undefined {
  let best: readonly [string, ErrorCode, string] | undefined;
  for (const row of SQLSTATE_TABLE) {
    if (sqlstate.startsWith(row[0]) && (!best || row[0].length > best[0].length)) best = row;
  }
  return best?.[1];
}

function isSqlstate(code: unknown): code is string {
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code);
}

/** True for errors raised because the connection broke (the client cannot know whether a COMMIT landed). */
export function isConnectionLoss(e: unknown): boolean {
  if (!(e instanceof Error)) return false;
  const code = (e as { code?: unknown }).code;
  if (
    typeof code === 'string' &&
    (NETWORK_CODES.has(code) || code.startsWith('08') || code.startsWith('57P'))
  )
    return true;
  return /Connection terminated|connection error|Client was closed|not queryable|socket/i.test(e.message);
}

/** Any error from node-postgres to an AppError; `secret` (a password) is scrubbed from every text. */
export function pgToAppError(e: unknown, secret?: string): AppError {
  if (e instanceof AppError) return e;
  const err = e instanceof Error ? e : new Error(String(e));
  const scrub = (s: string | undefined) => (s && secret ? s.replaceAll(secret, '***') : s);
  const f = err as Error & PgErrorFields;
  const message = scrub(err.message) ?? 'database error';
  if (isSqlstate(f.code)) {
    const code = codeForSqlstate(f.code) ?? 'INTERNAL';
    return new AppError(code, message, {
      sqlstate: f.code,
      ...(f.constraint ? { constraint: f.constraint } : {}),
      ...(f.column ? { column: f.column } : {}),
      ...(f.table ? { table: f.table } : {}),
      ...(f.detail ? { detail: scrub(f.detail) } : {}),
      ...(f.where ? { where: scrub(f.where) } : {}),
      ...(f.hint ? { hint: scrub(f.hint) } : {}),
    });
  }
  if (isConnectionLoss(err)) {
    return new AppError('DB_UNREACHABLE', message, {
      ...(typeof f.code === 'string' ? { errno: f.code } : {}),
      hint: 'Check that the database server is running and reachable.',
    });
  }
  if (/certificate|self[- ]signed|SSL|TLS/i.test(err.message)) {
    return new AppError('DB_AUTH', message, {
      hint: 'Check the TLS mode and the CA file of the connection.',
    });
  }
  return new AppError('INTERNAL', message, {}, { cause: err });
}

/** The 1-based record number from a COPY error's context ("COPY t, line 42, column x: …"). */
export function copyLineOf(e: AppError): number | undefined {
  const where = e.details.where;
  if (typeof where !== 'string') return undefined;
  const m = /COPY [^,]+, line (\d+)/.exec(where);
  return m ? Number(m[1]) : undefined;
}

/** The column named in a COPY error's context, if any. */
export function copyColumnOf(e: AppError): string | undefined {
  const where = e.details.where;
  if (typeof where !== 'string') return undefined;
  const m = /COPY [^,]+, line \d+, column (.+?)(?::|$)/m.exec(where);
  return m?.[1];
}
