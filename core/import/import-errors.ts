// Turns whatever an import threw into an AppError with the file, what went wrong and what to do.

import { AppError } from '../contract/errors.js';

/** Maps file-system, DuckDB and abort errors of an import to AppErrors; AppErrors pass through. */
export function toImportError(e: unknown, file: string, signal: AbortSignal | undefined): AppError {
  if (signal?.aborted) return new AppError('CANCELLED', 'The import was cancelled.', { file });
  if (e instanceof AppError) return e;
  const err = e instanceof Error ? e : new Error(String(e));
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') {
    return new AppError('FILE_NOT_FOUND', 'The file does not exist.', { file, hint: 'Check the path.' });
  }
  if (code === 'EACCES' || code === 'EPERM' || code === 'EISDIR') {
    return new AppError('FILE_UNREADABLE', `The file cannot be read (${code}).`, {
      file,
      hint: 'Check that you may read it.',
    });
  }
  if (code === 'ENOSPC' || /No space left on device/i.test(err.message)) {
    return new AppError('IO_TRANSIENT', 'The disk is full.', {
      file,
      hint: 'Free disk space for the workspace and its temporary files, then import again.',
    });
  }
  if (/Out of Memory/i.test(err.message)) {
    return new AppError('IO_TRANSIENT', `DuckDB ran out of memory: ${err.message}`, {
      file,
      hint: 'Raise the workspace memory limit or free disk space for spilling, then import again.',
    });
  }
  const wrapped = new AppError(
    'INTERNAL',
    `The import failed: ${err.message}`,
    { file, hint: 'This is a bug in Sluice; please report it, with the file if you can.' },
    { cause: err },
  );
  wrapped.stack = err.stack;
  return wrapped;
}
