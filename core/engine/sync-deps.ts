// What the sync methods need from the host: the saved connections (passwords in the OS keychain or the encrypted
// file) and a way to reach a database — a URL, a saved name, $DATABASE_URL, else the local sandbox, which is
// started once per engine on first use and stopped (if this engine started it) when the engine closes.

import type { Keychain } from '../adapters/keyring.js';
import type { PgTarget } from '../adapters/postgres.js';
import { createConnectionStore, type ConnectionStore } from '../connections/store.js';
import { resolveTarget, type ResolvedTarget } from '../connections/resolve.js';

/** A database a call resolved to. */
export interface SyncTarget {
  target: PgTarget;
  /** Safe to show: never holds the password. */
  label: string;
  source: ResolvedTarget['source'];
}

/** The engine's way to PostgreSQL (EngineDeps.sync). */
export interface SyncDeps {
  connections: ConnectionStore;
  /** The database `to` names (URL or saved name); none: $DATABASE_URL, else the sandbox. */
  target(to?: string): Promise<SyncTarget>;
  /** Stops the sandbox if this engine started it. */
  close(): Promise<void>;
}

/** Builds SyncDeps over an app data folder; `keychain` defaults to the OS keychain. */
export function createSyncDeps(opts: {
  appDir: string;
  env?: NodeJS.ProcessEnv;
  keychain?: Keychain;
}): SyncDeps {
  const connections = createConnectionStore(opts.appDir, opts.keychain);
  let sandbox: Promise<ResolvedTarget> | undefined;
  const resolveWith = (to: string | undefined) =>
    resolveTarget(to, { store: connections, appDir: opts.appDir, ...(opts.env ? { env: opts.env } : {}) });
  return {
    connections,
    async target(to) {
      const env = opts.env ?? process.env;
      let r: ResolvedTarget;
      if (to || env.DATABASE_URL) r = await resolveWith(to);
      else {
        // One sandbox per engine: concurrent calls share the start; a failed start is tried again next time.
        sandbox ??= resolveWith(undefined);
        sandbox.catch(() => (sandbox = undefined));
        r = await sandbox;
      }
      return { target: r.target, label: r.label, source: r.source };
    },
    async close() {
      const s = sandbox;
      sandbox = undefined;
      if (s) await (await s.catch(() => undefined))?.release();
    },
  };
}
