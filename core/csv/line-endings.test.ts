import { describe, expect, it } from 'vitest';
import type { Dialect } from '../contract/datasets.js';
import { detectLineEnding } from './line-endings.js';

const rfc: Pick<Dialect, 'delimiter' | 'quote' | 'escape'> = { delimiter: ',', quote: '"', escape: '"' };

describe('detectLineEnding', () => {
  it.each([
    ['a,b\n1,2\n', 'lf'],
    ['a,b\r\n1,2\r\n', 'crlf'],
    ['a,b\r1,2\r', 'cr'],
    ['a,b\r\n1,2\n3,4\r', 'mixed'],
    ['a,b', 'lf'],
  ])('%j is %s', (text, expected) => expect(detectLineEnding(text, rfc)).toBe(expected));

  it('ignores line breaks inside quoted fields (Excel: CRLF records, LF in cells)', () => {
    expect(detectLineEnding('a,b\r\n1,"x\ny"\r\n2,"say ""hi""\nthere"\r\n', rfc)).toBe('crlf');
  });
  it('follows backslash escapes inside quotes', () => {
    expect(detectLineEnding('a,b\r\n1,"x\\"\ny"\r\n', { ...rfc, escape: '\\' })).toBe('crlf');
  });
  it('treats a quote in the middle of a field as text', () => {
    expect(detectLineEnding('a,b\r\n5" screen,x\r\n7,y\r\n', rfc)).toBe('crlf');
  });
  it('ignores a CR at the cut end of a sample', () => {
    expect(detectLineEnding('a,b\r\n1,2\r', rfc, true)).toBe('crlf');
    expect(detectLineEnding('a,b\r\n1,2\r', rfc, false)).toBe('mixed');
  });
});
