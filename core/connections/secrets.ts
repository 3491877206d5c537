// Where connection passwords live: the OS keychain first; when none is reachable (a headless Linux box without
// a Secret Service), an AES-256-GCM encrypted file in the app data folder, with its key in a separate file only
// the user can read (0600). Never a plain file.

import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { osKeychain, type Keychain } from '../adapters/keyring.js';

/** Where a secret ended up. */
export type SecretBackend = 'keychain' | 'file';

/** Get, set and delete secrets by account name. */
export interface SecretStore {
  set(account: string, secret: string): Promise<SecretBackend>;
  get(account: string): Promise<string | undefined>;
  delete(account: string): Promise<void>;
}

interface Sealed {
  iv: string;
  tag: string;
  data: string;
}

const KEY_FILE = 'secret.key';
const SECRETS_FILE = 'secrets.enc.json';

/** The encrypted-file store: one key file, one file of sealed entries. */
function fileStore(dir: string) {
  const keyPath = join(dir, KEY_FILE);
  const dataPath = join(dir, SECRETS_FILE);

  async function key(): Promise<Buffer> {
    await mkdir(dir, { recursive: true, mode: 0o700 });
    try {
      const k = await readFile(keyPath);
      if (((await stat(keyPath)).mode & 0o077) !== 0) await chmod(keyPath, 0o600);
      if (k.length === 32) return k;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    }
    const k = randomBytes(32);
    await writeFile(keyPath, k, { mode: 0o600, flag: 'wx' }).catch(async (e: NodeJS.ErrnoException) => {
      if (e.code !== 'EEXIST') throw e;
    });
    return readFile(keyPath);
  }

  async function load(): Promise<Record<string, Sealed>> {
    try {
      return (JSON.parse(await readFile(dataPath, 'utf8')) as { entries: Record<string, Sealed> }).entries;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return {};
      throw e;
    }
  }

  async function save(entries: Record<string, Sealed>): Promise<void> {
    const tmp = `${dataPath}.${process.pid}.tmp`;
    await writeFile(tmp, JSON.stringify({ version: 1, entries }, null, 2) + '\n', { mode: 0o600 });
    await rename(tmp, dataPath);
  }

  return {
    async set(account: string, secret: string) {
      const iv = randomBytes(12);
      // The account is authenticated data: a sealed entry cannot be moved to another account.
      const c = createCipheriv('aes-256-gcm', await key(), iv).setAAD(Buffer.from(account));
      const data = Buffer.concat([c.update(secret, 'utf8'), c.final()]);
      const entries = await load();
      entries[account] = {
        iv: iv.toString('base64'),
        tag: c.getAuthTag().toString('base64'),
        data: data.toString('base64'),
      };
      await save(entries);
    },
    async get(account: string) {
      const e = (await load())[account];
      if (!e) return undefined;
      const d = createDecipheriv('aes-256-gcm', await key(), Buffer.from(e.iv, 'base64'))
        .setAAD(Buffer.from(account))
        .setAuthTag(Buffer.from(e.tag, 'base64'));
      return Buffer.concat([d.update(Buffer.from(e.data, 'base64')), d.final()]).toString('utf8');
    },
    async delete(account: string) {
      const entries = await load();
      if (!(account in entries)) return;
      delete entries[account];
      await save(entries);
    },
  };
}

/** Secrets in the OS keychain when reachable, else encrypted in `dir` (the app data folder). */
export function createSecretStore(dir: string, keychain: Keychain = osKeychain()): SecretStore {
  const file = fileStore(dir);
  return {
    async set(account, secret) {
      try {
        await keychain.set(account, secret);
        await file.delete(account);
        return 'keychain';
      } catch {
        await file.set(account, secret);
        return 'file';
      }
    },
    async get(account) {
      try {
        const s = await keychain.get(account);
        if (s !== null) return s;
      } catch {
        // no keychain here: the file has it, if anyone does
      }
      return file.get(account);
    },
    async delete(account) {
      await keychain.delete(account).catch(() => false);
      await file.delete(account);
    },
  };
}
