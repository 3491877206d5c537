import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { csvParseOptions } from './parse-options.js';
import { createLineCounter } from './record-lines.js';

function startLines(text: string): number[] {
  const line = createLineCounter();
  const out: number[] = [];
  parse(text, {
    ...csvParseOptions({ delimiter: ',', quote: '"', escape: '"' }),
    on_record: (r: string[], info) => {
      out.push(line(r, info));
      return r;
    },
  });
  return out;
}

describe('createLineCounter', () => {
  it.each([
    ['a\nb\nc', [1, 2, 3]],
    ['a\r\n\r\nb\r\n', [1, 3]],
    ['a\r"x\r\ny"\rb', [1, 2, 4]],
    ['"1\r\n2\r\n3"\r\n"4\n5"\n6', [1, 4, 6]],
    ['h\n"\r\n\r\n"\n\n\nz', [1, 2, 7]],
  ])('%j starts records on lines %j', (text, lines) => expect(startLines(text)).toEqual(lines));
});
