// Node's file-system errors as Sluice errors the user can act on: each names the file and says what to do.

import { AppError } from '../contract/errors.js';

/** An fs error (ENOENT, EACCES, EISDIR, …) on `file` as an AppError; anything else becomes INTERNAL. */
export function fileError(err: unknown, file: string): AppError {
  if (err instanceof AppError) return err;
  const code = (err as NodeJS.ErrnoException | null)?.code;
  switch (code) {
    case 'ENOENT':
    case 'ENOTDIR':
      return new AppError('FILE_NOT_FOUND', 'The file does not exist.', {
        file,
        hint: 'Check the path and the file name.',
      });
    case 'EACCES':
    case 'EPERM':
      return new AppError('FILE_UNREADABLE', 'The file cannot be read: permission denied.', {
        file,
        hint: 'Give your user read permission on the file, or copy it somewhere readable.',
      });
    case 'EISDIR':
      return notAFile(file);
    case 'EMFILE':
    case 'ENFILE':
    case 'EAGAIN':
    case 'EBUSY':
      return new AppError('IO_TRANSIENT', `The file cannot be opened right now (${code}).`, {
        file,
        hint: 'Try again in a moment; close other programs that hold many files open.',
      });
    default:
      return new AppError(
        'FILE_UNREADABLE',
        `The file cannot be read: ${err instanceof Error ? err.message : String(err)}`,
        { file, hint: 'Check that the file is on a readable disk and not locked by another program.' },
        { cause: err },
      );
  }
}

/** The error for a path that is a directory or a device rather than a regular file. */
export function notAFile(file: string): AppError {
  return new AppError('FILE_UNREADABLE', 'The path is a folder or a device, not a file.', {
    file,
    hint: 'Choose a CSV file, not a folder.',
  });
}
