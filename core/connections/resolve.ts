// Which database a command talks to: an explicit URL or saved connection name, else $DATABASE_URL, else the
// local sandbox (started on demand, in the app data folder or where sandbox-place.ts says, its password kept in
// the secret store).

import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { startSandbox, type Sandbox } from '../adapters/embedded-postgres.js';
import type { PgTarget } from '../adapters/postgres.js';
import { AppError } from '../contract/errors.js';
import { sandboxPlace } from './sandbox-place.js';
import type { ConnectionStore } from './store.js';
import { describeTarget, parsePgUrl } from './url.js';

/** A resolved target and how to talk about it. */
export interface ResolvedTarget {
  target: PgTarget;
  /** 'url' | 'connection' | 'env' | 'sandbox' */
  source: 'url' | 'connection' | 'env' | 'sandbox';
  /** user@host:port/db — safe to print. */
  label: string;
  /** For the sandbox: stops it if this call started it. */
  release(): Promise<void>;
}

/** The target of a PostgreSQL URL (the CA file, if named, is read by the caller's store; URLs take none). */
export function targetFromUrl(url: string): PgTarget {
  const f = parsePgUrl(url);
  if (f.caFile) {
    throw new AppError('BAD_USAGE', 'sslrootcert in a URL is not supported.', {
      hint: 'Save a connection with --ca-file instead.',
    });
  }
  return {
    host: f.host,
    port: f.port,
    database: f.database,
    user: f.user,
    tls: f.tls,
    ...(f.password !== undefined ? { password: f.password } : {}),
  };
}

/** Starts (or reuses) the sandbox of the app data folder `appDir` (in `<appDir>/sandbox` unless sandboxPlace
 * says otherwise). */
export async function sandboxTarget(
  appDir: string,
  store: ConnectionStore,
  env: NodeJS.ProcessEnv = process.env,
): Promise<Sandbox> {
  let password = await store.secrets.get('sandbox');
  if (password === undefined) {
    password = randomBytes(18).toString('base64url');
    await store.secrets.set('sandbox', password);
  }
  const place = await sandboxPlace(appDir, env, { isRoot: process.getuid?.() === 0 });
  return startSandbox({ dataDir: join(place.dir, 'data'), password, ownedRoot: place.ownedRoot });
}

/** Resolves `ref` (URL, connection name, or nothing) to a target, as the CLI's --to does. */
export async function resolveTarget(
  ref: string | undefined,
  opts: { store: ConnectionStore; appDir: string; env?: NodeJS.ProcessEnv },
): Promise<ResolvedTarget> {
  const done = async () => undefined;
  const env = opts.env ?? process.env;
  // Anything shaped like a URL is one (a mysql:// URL is refused as such, not looked up as a name).
  if (ref && /^[a-z][a-z0-9+.-]*:\/\//i.test(ref)) {
    const target = targetFromUrl(ref);
    return { target, source: 'url', label: describeTarget(target), release: done };
  }
  if (ref) {
    const target = await opts.store.resolve(ref);
    return { target, source: 'connection', label: `${ref} (${describeTarget(target)})`, release: done };
  }
  if (env.DATABASE_URL) {
    const target = targetFromUrl(env.DATABASE_URL);
    return { target, source: 'env', label: `$DATABASE_URL (${describeTarget(target)})`, release: done };
  }
  const sandbox = await sandboxTarget(opts.appDir, opts.store, env);
  return {
    target: sandbox.target,
    source: 'sandbox',
    label: `sandbox (${describeTarget(sandbox.target)})`,
    release: () => sandbox.stop(),
  };
}
