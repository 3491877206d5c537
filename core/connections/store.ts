// Saved PostgreSQL connections: the fields in `connections.json` in the app data folder, the password in the
// secret store (keychain or encrypted file). Listing never returns a password; errors never contain one.

import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Keychain } from '../adapters/keyring.js';
import { closePg, connectPg, type PgTarget } from '../adapters/postgres.js';
import { AppError } from '../contract/errors.js';
import type { ConnectionInfo, ConnectionInput, ConnectionTestResult, TlsMode } from '../contract/sync.js';
import { pgToAppError } from '../sync/sqlstate.js';
import { createSecretStore, type SecretStore } from './secrets.js';
import { describeTarget, parsePgUrl } from './url.js';

/** The saved connections of one app data folder. */
export interface ConnectionStore {
  list(): Promise<ConnectionInfo[]>;
  get(name: string): Promise<ConnectionInfo>;
  add(input: ConnectionInput): Promise<ConnectionInfo>;
  /** Changes the given fields (a URL's fields count as given); a new password replaces the old one. */
  edit(input: ConnectionInput): Promise<ConnectionInfo>;
  remove(name: string): Promise<boolean>;
  /** The full target, password included, for connecting. */
  resolve(name: string): Promise<PgTarget>;
  /** Connects and reports the server version, round-trip time and pgvector. */
  test(name: string): Promise<ConnectionTestResult>;
  secrets: SecretStore;
}

const FILE = 'connections.json';
const TLS: TlsMode[] = ['disable', 'require', 'verify-full'];

function check(info: ConnectionInfo): void {
  const bad = (m: string) => new AppError('BAD_USAGE', m);
  if (!/^[\w.-]{1,64}$/.test(info.name))
    throw bad('A connection name is 1-64 letters, digits, dots, dashes or underscores.');
  if (!info.host) throw bad('The connection needs a host.');
  if (!Number.isInteger(info.port) || info.port < 1 || info.port > 65535)
    throw bad('The port must be 1-65535.');
  if (!info.database || !info.user) throw bad('The connection needs a database and a user.');
  if (!TLS.includes(info.tls)) throw bad('TLS must be disable, require or verify-full.');
}

/** Connection fields from an input: URL parts first, explicit fields over them. */
function fieldsOf(
  input: ConnectionInput,
  base?: ConnectionInfo,
): { info: ConnectionInfo; password?: string } {
  const url = input.url ? parsePgUrl(input.url) : undefined;
  const pick = <K extends keyof ConnectionInfo>(k: K, d: ConnectionInfo[K]) =>
    (input[k as keyof ConnectionInput] as ConnectionInfo[K] | undefined) ??
    (url?.[k as keyof typeof url] as ConnectionInfo[K] | undefined) ??
    base?.[k] ??
    d;
  const caFile = input.caFile ?? url?.caFile ?? base?.caFile;
  const info: ConnectionInfo = {
    name: input.name,
    host: pick('host', 'localhost'),
    port: Number(pick('port', 5432)),
    database: pick('database', 'postgres'),
    user: pick('user', 'postgres'),
    tls: pick('tls', 'disable'),
    ...(caFile ? { caFile } : {}),
    hasPassword: base?.hasPassword ?? false,
    ...(base?.secretStore ? { secretStore: base.secretStore } : {}),
  };
  const password = input.password ?? url?.password;
  return { info, ...(password !== undefined ? { password } : {}) };
}

/** Opens the connection store of an app data folder. `keychain` defaults to the OS keychain. */
export function createConnectionStore(dir: string, keychain?: Keychain): ConnectionStore {
  const path = join(dir, FILE);
  const secrets = createSecretStore(dir, keychain);
  const account = (name: string) => `connection:${name}`;

  async function load(): Promise<ConnectionInfo[]> {
    try {
      return (JSON.parse(await readFile(path, 'utf8')) as { connections: ConnectionInfo[] }).connections;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw new AppError('FILE_UNREADABLE', `Cannot read ${path}.`, { file: path }, { cause: e });
    }
  }
  async function save(list: ConnectionInfo[]): Promise<void> {
    await mkdir(dir, { recursive: true, mode: 0o700 });
    const tmp = `${path}.${process.pid}.tmp`;
    await writeFile(tmp, JSON.stringify({ version: 1, connections: list }, null, 2) + '\n', { mode: 0o600 });
    await rename(tmp, path);
  }
  async function find(name: string): Promise<ConnectionInfo> {
    const c = (await load()).find((x) => x.name === name);
    if (!c)
      throw new AppError('NOT_FOUND', `No connection named "${name}".`, {
        hint: 'List them with sluice connections list.',
      });
    return c;
  }
  async function put(info: ConnectionInfo, password: string | undefined): Promise<ConnectionInfo> {
    check(info);
    if (password !== undefined) {
      info.secretStore = await secrets.set(account(info.name), password);
      info.hasPassword = true;
    }
    const list = (await load()).filter((x) => x.name !== info.name);
    await save([...list, info].sort((a, b) => a.name.localeCompare(b.name)));
    return info;
  }

  const store: ConnectionStore = {
    secrets,
    list: load,
    get: find,
    async add(input) {
      if ((await load()).some((x) => x.name === input.name)) {
        throw new AppError('CONFLICT', `A connection named "${input.name}" exists.`, {
          hint: 'Edit it, or remove it first.',
        });
      }
      const { info, password } = fieldsOf(input);
      return put(info, password);
    },
    async edit(input) {
      const { info, password } = fieldsOf(input, await find(input.name));
      return put(info, password);
    },
    async remove(name) {
      const list = await load();
      if (!list.some((x) => x.name === name)) return false;
      await secrets.delete(account(name));
      await save(list.filter((x) => x.name !== name));
      return true;
    },
    async resolve(name) {
      const c = await find(name);
      const password = c.hasPassword ? await secrets.get(account(name)) : undefined;
      if (c.hasPassword && password === undefined) {
        throw new AppError('DB_AUTH', `The password of connection "${name}" is missing from the keychain.`, {
          hint: `Set it again with sluice connections edit ${name}.`,
        });
      }
      let caPem: string | undefined;
      if (c.caFile) {
        caPem = await readFile(c.caFile, 'utf8').catch(() => {
          throw new AppError('FILE_NOT_FOUND', `The CA file of connection "${name}" cannot be read.`, {
            file: c.caFile,
          });
        });
      }
      return {
        host: c.host,
        port: c.port,
        database: c.database,
        user: c.user,
        tls: c.tls,
        ...(password !== undefined ? { password } : {}),
        ...(caPem ? { caPem } : {}),
      };
    },
    async test(name) {
      return testTarget(await store.resolve(name));
    },
  };
  return store;
}

/** Connects to a target and reports what is there; errors name the target, never its password. */
export async function testTarget(target: PgTarget): Promise<ConnectionTestResult> {
  const t0 = performance.now();
  const c = await connectPg(target, {
    applicationName: 'sluice-test-connection',
    connectTimeoutMs: 5_000,
  }).catch((e: unknown) => {
    const err = pgToAppError(e, target.password);
    throw new AppError(err.code, `Cannot connect to ${describeTarget(target)}: ${err.message}`, err.details);
  });
  try {
    const r = await c.query(
      `SELECT current_setting('server_version') AS v, EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'vector') AS vec`,
    );
    const row = r.rows[0] as { v: string; vec: boolean };
    return { serverVersion: row.v, latencyMs: Math.round(performance.now() - t0), pgvector: row.vec };
  } catch (e) {
    throw pgToAppError(e, target.password);
  } finally {
    await closePg(c);
  }
}
