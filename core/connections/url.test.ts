import { describe, expect, it } from 'vitest';
import { describeTarget, parsePgUrl, redactUrl } from './url.js';

describe('connection URLs', () => {
  it('parses every part, decoding the password', () => {
    expect(
      parsePgUrl(
        'postgresql://ann:p%40ss%2Fw@db.example.com:6543/sales?sslmode=verify-full&sslrootcert=/ca.pem',
      ),
    ).toEqual({
      host: 'db.example.com',
      port: 6543,
      database: 'sales',
      user: 'ann',
      password: 'p@ss/w',
      tls: 'verify-full',
      caFile: '/ca.pem',
    });
  });

  it('applies libpq defaults', () => {
    expect(parsePgUrl('postgres://bob@[::1]')).toEqual({
      host: '::1',
      port: 5432,
      database: 'bob',
      user: 'bob',
      tls: 'disable',
    });
    expect(parsePgUrl('postgres://h/db?sslmode=require').tls).toBe('require');
  });

  it('refuses bad URLs without echoing them', () => {
    expect(() => parsePgUrl('mysql://u:secret@h/db')).toThrow(/postgres:\/\//);
    try {
      parsePgUrl('postgres://u:secret@h/db?sslmode=bogus');
    } catch (e) {
      expect(JSON.stringify(e) + String(e)).not.toContain('secret');
    }
  });

  it('never shows the password', () => {
    expect(redactUrl('postgres://u:secret@h:5432/db')).toBe('postgres://u:***@h:5432/db');
    expect(describeTarget({ user: 'u', host: 'h', port: 1, database: 'd' })).toBe('u@h:1/d');
  });
});
