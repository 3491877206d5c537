// The only place that constructs node-postgres clients (ARCHITECTURE §3 "No singletons"). Everything else
// receives a PgTarget (where to connect) and gets clients from here. Secrets live in PgTarget.password only in
// memory; nothing here logs or formats it.

import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { pipeline } from 'node:stream/promises';
import type { Readable } from 'node:stream';

/** TLS policy: off, encrypted without checking the certificate, or encrypted and verified (CA + host name). */
export type PgTlsMode = 'disable' | 'require' | 'verify-full';

/** Where and how to connect to a PostgreSQL database. */
export interface PgTarget {
  host: string;
  port: number;
  database: string;
  user: string;
  /** Kept in memory only; comes from the secret store or DATABASE_URL. */
  password?: string;
  tls?: PgTlsMode;
  /** PEM text of the CA bundle for verify-full (the file's content, not its path). */
  caPem?: string;
}

/** A connected client; `lastError` holds an error the idle connection raised (e.g. the server killed it). */
export type PgClient = pg.Client & { lastError?: Error };

/** Connection options beyond the target. */
export interface ConnectOptions {
  /** Shows in pg_stat_activity, so a session can be found (and killed in tests). */
  applicationName?: string;
  connectTimeoutMs?: number;
  /** Statements run once after connecting (session settings such as TimeZone). */
  init?: string[];
}

function sslOption(t: PgTarget): pg.ClientConfig['ssl'] {
  switch (t.tls ?? 'disable') {
    case 'disable':
      return false;
    case 'require':
      // libpq's sslmode=require: encrypted, certificate not checked.
      return { rejectUnauthorized: false };
    case 'verify-full':
      return { rejectUnauthorized: true, servername: t.host, ...(t.caPem ? { ca: t.caPem } : {}) };
  }
}

/** Opens one client. The caller ends it (`client.end()`), typically in `finally`. */
export async function connectPg(target: PgTarget, opts: ConnectOptions = {}): Promise<PgClient> {
  const client: PgClient = new pg.Client({
    host: target.host,
    port: target.port,
    database: target.database,
    user: target.user,
    password: target.password ?? '',
    ssl: sslOption(target),
    application_name: opts.applicationName ?? 'sluice',
    connectionTimeoutMillis: opts.connectTimeoutMs ?? 10_000,
    // Long COPY batches must not be cut by a client-side timeout; the server's settings apply.
    query_timeout: 0,
  });
  // An idle client whose connection drops emits 'error'; unhandled, that would crash the process. The next
  // query fails anyway, and the caller's retry logic deals with it there.
  client.on('error', (e: Error) => {
    client.lastError = e;
  });
  await client.connect();
  try {
    for (const sql of opts.init ?? []) await client.query(sql);
  } catch (e) {
    await client.end().catch(() => undefined);
    throw e;
  }
  return client;
}

/** Ends a client, ignoring errors from an already broken connection. */
export async function closePg(client: PgClient | undefined): Promise<void> {
  if (!client) return;
  await client.end().catch(() => undefined);
}

/** Runs `COPY … FROM STDIN` fed by `source`; returns the number of rows the server copied. */
export async function copyFromStream(client: PgClient, copySql: string, source: Readable): Promise<number> {
  const sink = client.query(copyFrom(copySql));
  await pipeline(source, sink);
  return sink.rowCount;
}

/** Runs `fn` inside BEGIN/COMMIT, rolling back on error (a broken connection's rollback error is ignored). */
export async function inTransaction<T>(client: PgClient, fn: () => Promise<T>): Promise<T> {
  await client.query('BEGIN');
  try {
    const value = await fn();
    await client.query('COMMIT');
    return value;
  } catch (e) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw e;
  }
}

/** The pg error shape (SQLSTATE and friends) as node-postgres exposes it. */
export type PgDatabaseError = pg.DatabaseError;
