import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Keychain } from '../adapters/keyring.js';
import { createConnectionStore } from './store.js';

const noKeychain: Keychain = {
  get: () => Promise.reject(new Error('none')),
  set: () => Promise.reject(new Error('none')),
  delete: () => Promise.reject(new Error('none')),
};

describe('connection store', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sluice-conn-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('adds from a URL, lists without the password, edits, resolves and removes', async () => {
    const s = createConnectionStore(dir, noKeychain);
    const info = await s.add({ name: 'prod', url: 'postgres://ann:s3cr3t@db:6543/sales?sslmode=require' });
    expect(info).toEqual({
      name: 'prod',
      host: 'db',
      port: 6543,
      database: 'sales',
      user: 'ann',
      tls: 'require',
      hasPassword: true,
      secretStore: 'file',
    });
    expect(await s.list()).toEqual([info]);
    for (const f of await readdir(dir)) expect(await readFile(join(dir, f), 'utf8')).not.toContain('s3cr3t');
    await expect(s.add({ name: 'prod', host: 'x' })).rejects.toMatchObject({ code: 'CONFLICT' });
    const edited = await s.edit({ name: 'prod', port: 7000 });
    expect(edited).toMatchObject({ port: 7000, host: 'db', hasPassword: true });
    expect(await s.resolve('prod')).toMatchObject({
      host: 'db',
      port: 7000,
      user: 'ann',
      password: 's3cr3t',
      tls: 'require',
    });
    await s.edit({ name: 'prod', password: 'n3w' });
    expect((await s.resolve('prod')).password).toBe('n3w');
    expect(await s.remove('prod')).toBe(true);
    expect(await s.list()).toEqual([]);
    expect(await s.secrets.get('connection:prod')).toBeUndefined();
  });

  it('validates fields and reads the CA file for verify-full', async () => {
    const s = createConnectionStore(dir, noKeychain);
    await expect(s.add({ name: 'bad name!', host: 'h' })).rejects.toMatchObject({ code: 'BAD_USAGE' });
    await expect(s.add({ name: 'p', host: 'h', port: 70000 })).rejects.toMatchObject({ code: 'BAD_USAGE' });
    const ca = join(dir, 'ca.pem');
    const { writeFile } = await import('node:fs/promises');
    await writeFile(ca, '-----BEGIN CERTIFICATE-----\nx\n-----END CERTIFICATE-----\n');
    await s.add({ name: 'v', host: 'h', tls: 'verify-full', caFile: ca });
    expect((await s.resolve('v')).caPem).toContain('BEGIN CERTIFICATE');
    await s.add({ name: 'w', host: 'h', tls: 'verify-full', caFile: join(dir, 'missing.pem') });
    await expect(s.resolve('w')).rejects.toMatchObject({ code: 'FILE_NOT_FOUND' });
    await expect(s.resolve('nope')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
