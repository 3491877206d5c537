import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSource, openTestDb, type TestDb } from '../recipe/test-helpers.js';
import { detectPii } from './pii.js';

let t: TestDb;
beforeEach(async () => {
  t = await openTestDb();
  await createSource(
    t.conn,
    'pi',
    ['mail', 'tel', 'iban', 'day', 'note'],
    [
      ['ada@example.com', '+44 20 7946 0958', 'GB82 WEST 1234 5698 7654 32', '2024-03-01', 'hello'],
      ['Zoë.B@exämple.org', '(555) 123-4567', 'DE89370400440532013000', '01/02/2024', 'x@y'],
      ['bob@example.co.uk', '06 12 34 56 78', 'GB82WEST12345698765433', '2024.03.01', null],
      [null, '', null, null, '123456789012'],
      ['not an email', '12345', 'FR1420041010050500013M02606', '31-12-2024', 'world'],
    ],
  );
});
afterEach(() => t.close());

describe('detectPii', () => {
  it('finds e-mails, phones and checksum-valid IBANs over the whole column', async () => {
    const found = await detectPii(t.conn, 'pi__source', { minShare: 0.5 });
    expect(found.map((f) => [f.column, f.kind, f.matches, f.nonMissing])).toEqual([
      ['mail', 'email', 2, 4],
      ['tel', 'phone', 3, 4],
      ['iban', 'iban', 3, 4],
    ]);
    expect(found[2]?.suggestions[0]).toEqual({ op: 'mask', columns: ['iban'], keepLast: 4 });
    expect(found[0]?.suggestions[0]).toEqual({ op: 'hash', columns: ['mail'], secret: 'pii' });
  });

  it('applies the share threshold', async () => {
    const found = await detectPii(t.conn, 'pi__source');
    expect(found.map((f) => f.column)).toEqual([]);
    const some = await detectPii(t.conn, 'pi__source', { minShare: 0.75, columns: ['TEL', 'iban'] });
    expect(some.map((f) => f.column)).toEqual(['tel', 'iban']);
  });
});
