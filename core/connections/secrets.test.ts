import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Keychain } from '../adapters/keyring.js';
import { createSecretStore } from './secrets.js';

const unreachable: Keychain = {
  get: () => Promise.reject(new Error('no Secret Service')),
  set: () => Promise.reject(new Error('no Secret Service')),
  delete: () => Promise.reject(new Error('no Secret Service')),
};

function memoryKeychain(): Keychain & { data: Map<string, string> } {
  const data = new Map<string, string>();
  return {
    data,
    get: async (a) => data.get(a) ?? null,
    set: async (a, s) => void data.set(a, s),
    delete: async (a) => data.delete(a),
  };
}

describe('secret store', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sluice-secrets-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('uses the keychain first and writes no file then', async () => {
    const kc = memoryKeychain();
    const s = createSecretStore(dir, kc);
    expect(await s.set('connection:a', 'hunter2')).toBe('keychain');
    expect(kc.data.get('connection:a')).toBe('hunter2');
    expect(await s.get('connection:a')).toBe('hunter2');
    expect(await readdir(dir)).toEqual([]);
  });

  it('falls back to an AES-256-GCM file with a 0600 key file when no keychain is reachable', async () => {
    const s = createSecretStore(dir, unreachable);
    expect(await s.set('connection:a', 'hunter2')).toBe('file');
    expect(await s.get('connection:a')).toBe('hunter2');
    for (const f of await readdir(dir)) {
      expect((await readFile(join(dir, f))).toString('latin1')).not.toContain('hunter2');
      expect((await stat(join(dir, f))).mode & 0o077).toBe(0);
    }
    // A second store on the same folder (a later process) reads it back.
    expect(await createSecretStore(dir, unreachable).get('connection:a')).toBe('hunter2');
    await s.delete('connection:a');
    expect(await s.get('connection:a')).toBeUndefined();
  });

  it('binds each sealed entry to its account', async () => {
    const s = createSecretStore(dir, unreachable);
    await s.set('a', 'one');
    const path = join(dir, 'secrets.enc.json');
    const json = JSON.parse(await readFile(path, 'utf8')) as { entries: Record<string, unknown> };
    json.entries.b = json.entries.a;
    const { writeFile } = await import('node:fs/promises');
    await writeFile(path, JSON.stringify(json));
    await expect(s.get('b')).rejects.toThrow();
  });

  it('runs the real OS keychain path first (here: no Secret Service, so the file)', async () => {
    const s = createSecretStore(dir);
    const where = await s.set('sluice-test-account', 'pw');
    expect(['keychain', 'file']).toContain(where);
    expect(await s.get('sluice-test-account')).toBe('pw');
    await s.delete('sluice-test-account');
  });
});
