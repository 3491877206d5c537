import { describe, expect, it } from 'vitest';
import { AppError } from '../contract/errors.js';
import { fileError } from './file-errors.js';

const errno = (code: string) => Object.assign(new Error(`${code}: something`), { code });

describe('fileError', () => {
  it.each([
    ['ENOENT', 'FILE_NOT_FOUND'],
    ['ENOTDIR', 'FILE_NOT_FOUND'],
    ['EACCES', 'FILE_UNREADABLE'],
    ['EPERM', 'FILE_UNREADABLE'],
    ['EISDIR', 'FILE_UNREADABLE'],
    ['EMFILE', 'IO_TRANSIENT'],
    ['EIO', 'FILE_UNREADABLE'],
  ])('maps %s to %s with the file and a hint', (code, expected) => {
    const e = fileError(errno(code), '/x/y.csv');
    expect(e.code).toBe(expected);
    expect(e.details.file).toBe('/x/y.csv');
    expect(e.details.hint).toEqual(expect.any(String));
  });
  it('passes AppErrors through', () => {
    const original = new AppError('FILE_EMPTY', 'empty');
    expect(fileError(original, 'f')).toBe(original);
  });
});
