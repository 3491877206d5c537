// Node's file-system errors to AppErrors that say what to do.

import { AppError } from '../contract/errors.js';

/** Maps an fs error for `file` to an AppError (AppErrors pass through unchanged). */
export function fileError(e: unknown, file: string): AppError {
  if (e instanceof AppError) return e;
  const code = (e as { code?: string } | null)?.code;
  if (code === 'ENOENT')
    return new AppError('FILE_NOT_FOUND', 'File not found.', { file, hint: 'Check the path and try again.' });
  if (code === 'EISDIR')
    return new AppError('FILE_UNREADABLE', 'This is a folder, not a file.', {
      file,
      hint: 'Name a CSV file.',
    });
  if (code === 'EACCES' || code === 'EPERM')
    return new AppError('FILE_UNREADABLE', 'Permission denied.', {
      file,
      hint: 'Make the file readable by your user, or copy it somewhere you can read.',
    });
  return new AppError('FILE_UNREADABLE', `Cannot read the file: ${(e as Error)?.message ?? String(e)}`, {
    file,
  });
}
