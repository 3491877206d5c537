// One error model for the whole product (ARCHITECTURE §3 "Errors"): a closed union of codes, one table that
// says whose fault each code is and whether retrying can help, and one serialize/deserialize pair for
// crossing threads, processes and HTTP. Retry logic reads only ERROR_TABLE.

/** Every error code Sluice can produce. Add a code here and in ERROR_TABLE, nowhere else. */
export const ERROR_CODES = [
  'BAD_USAGE',
  'FILE_NOT_FOUND',
  'FILE_UNREADABLE',
  'FILE_EMPTY',
  'FILE_BINARY',
  'ENCODING_UNSUPPORTED',
  'CSV_MALFORMED',
  'SOURCE_CHANGED',
  'NOT_FOUND',
  'CONFLICT',
  'SCHEMA_INVALID',
  'RECIPE_INVALID',
  'RECIPE_COLUMN_MISSING',
  'PIPELINE_INVALID',
  'ERROR_BUDGET_EXCEEDED',
  'WORKSPACE_INCOMPATIBLE',
  'DB_UNREACHABLE',
  'DB_AUTH',
  'DB_TRANSIENT',
  'DB_DATA',
  'DB_SCHEMA',
  'MODEL_INVALID',
  'DEVICE_UNAVAILABLE',
  'CANCELLED',
  'TIMEOUT',
  'IO_TRANSIENT',
  'INTERNAL',
] as const;

/** The closed union of error codes. */
export type ErrorCode = (typeof ERROR_CODES)[number];

/** Whose problem it is: the user's input, the environment (database, disk, device), a bug, or a cancellation. */
export type ErrorOwner = 'user' | 'environment' | 'bug' | 'cancel';

/** How the table describes one code. */
export interface ErrorKind {
  owner: ErrorOwner;
  /** True when the same call may succeed if retried later (with backoff). */
  transient: boolean;
  /** Process exit code the CLI uses for it. */
  exitCode: number;
}

const user = (exitCode = 2): ErrorKind => ({ owner: 'user', transient: false, exitCode });

/** The one table that classifies every code. */
export const ERROR_TABLE: Record<ErrorCode, ErrorKind> = {
  BAD_USAGE: user(),
  FILE_NOT_FOUND: user(),
  FILE_UNREADABLE: user(),
  FILE_EMPTY: user(),
  FILE_BINARY: user(),
  ENCODING_UNSUPPORTED: user(),
  CSV_MALFORMED: user(),
  SOURCE_CHANGED: user(),
  NOT_FOUND: user(),
  CONFLICT: user(),
  SCHEMA_INVALID: user(),
  RECIPE_INVALID: user(),
  RECIPE_COLUMN_MISSING: user(),
  PIPELINE_INVALID: user(),
  ERROR_BUDGET_EXCEEDED: user(3),
  WORKSPACE_INCOMPATIBLE: user(),
  DB_UNREACHABLE: { owner: 'environment', transient: true, exitCode: 2 },
  DB_AUTH: user(),
  DB_TRANSIENT: { owner: 'environment', transient: true, exitCode: 2 },
  DB_DATA: user(1),
  DB_SCHEMA: user(),
  MODEL_INVALID: user(),
  DEVICE_UNAVAILABLE: { owner: 'environment', transient: false, exitCode: 2 },
  CANCELLED: { owner: 'cancel', transient: false, exitCode: 130 },
  TIMEOUT: { owner: 'environment', transient: true, exitCode: 2 },
  IO_TRANSIENT: { owner: 'environment', transient: true, exitCode: 2 },
  INTERNAL: { owner: 'bug', transient: false, exitCode: 70 },
};

/** Where an error happened; every field optional, all plain data. */
export interface ErrorDetails {
  file?: string;
  line?: number;
  column?: string | number;
  runId?: string;
  phase?: string;
  /** What the user can do about it, one sentence. */
  hint?: string;
  [key: string]: unknown;
}

/** The plain-data form of an AppError: what crosses threads, processes and HTTP. */
export interface AppErrorData {
  code: ErrorCode;
  message: string;
  details: ErrorDetails;
  /** Stack of the original error, only for bugs (INTERNAL). */
  stack?: string;
  cause?: AppErrorData;
}

/** The one error class of Sluice. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details: ErrorDetails;

  constructor(code: ErrorCode, message: string, details: ErrorDetails = {}, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'AppError';
    this.code = code;
    this.details = details;
  }

  /** The table's verdict on this error. */
  get kind(): ErrorKind {
    return ERROR_TABLE[this.code];
  }
}

/** True for an AppError instance (also one deserialized from plain data). */
export function isAppError(e: unknown): e is AppError {
  return e instanceof AppError;
}

/** True when the error is a cancellation: callers treat it as an outcome, not a failure. */
export function isCancellation(e: unknown): boolean {
  return (
    (e instanceof AppError && e.code === 'CANCELLED') ||
    (e instanceof Error && (e.name === 'AbortError' || e.name === 'CancelledError'))
  );
}

/** True when retrying may help, as ERROR_TABLE says. */
export function isTransient(e: unknown): boolean {
  return e instanceof AppError && ERROR_TABLE[e.code].transient;
}

/** Any thrown value to an AppError: AppErrors pass through, aborts become CANCELLED, the rest INTERNAL. */
export function toAppError(e: unknown): AppError {
  if (e instanceof AppError) return e;
  if (isCancellation(e)) return new AppError('CANCELLED', 'Cancelled by the user.', {});
  const err = e instanceof Error ? e : new Error(String(e));
  const wrapped = new AppError('INTERNAL', err.message, {}, { cause: err });
  wrapped.stack = err.stack;
  return wrapped;
}

/** AppError (or anything thrown) to plain data. */
export function serializeError(e: unknown): AppErrorData {
  const err = toAppError(e);
  const data: AppErrorData = { code: err.code, message: err.message, details: { ...err.details } };
  if (err.code === 'INTERNAL' && err.stack) data.stack = err.stack;
  if (err.cause instanceof AppError) data.cause = serializeError(err.cause);
  return data;
}

/** Plain data back to an AppError; unknown codes become INTERNAL so a newer peer cannot break an older one. */
export function deserializeError(data: AppErrorData): AppError {
  const code: ErrorCode = (ERROR_CODES as readonly string[]).includes(data.code) ? data.code : 'INTERNAL';
  const cause = data.cause ? deserializeError(data.cause) : undefined;
  const err = new AppError(code, data.message, data.details ?? {}, cause ? { cause } : undefined);
  if (data.stack) err.stack = data.stack;
  return err;
}

/** One line for a terminal: message plus where (file:line:column) and the hint. */
export function formatError(e: AppErrorData | AppError): string {
  const d = e.details ?? {};
  const where = [d.file, d.line, d.column].filter((x) => x !== undefined && x !== '').join(':');
  const hint = typeof d.hint === 'string' ? ` ${d.hint}` : '';
  return `${where ? `${where}: ` : ''}${e.message}${hint}`;
}
