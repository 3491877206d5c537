// connections.*: saved PostgreSQL connections and "test connection" (saved, a URL, or fields not saved yet).

import type { PgTarget } from '../adapters/postgres.js';
import type { ConnectionInput, ConnectionTestResult } from '../contract/sync.js';
import { describeTarget, targetFromUrl, testTarget } from '../connections/index.js';
import type { SyncDeps } from './sync-deps.js';

/** The target of unsaved connection fields (URL parts first, explicit fields over them). */
function targetOf(input: ConnectionInput): PgTarget {
  const base: PgTarget = input.url
    ? targetFromUrl(input.url)
    : { host: 'localhost', port: 5432, database: 'postgres', user: 'postgres', tls: 'disable' };
  return {
    ...base,
    ...(input.host ? { host: input.host } : {}),
    ...(input.port ? { port: input.port } : {}),
    ...(input.database ? { database: input.database } : {}),
    ...(input.user ? { user: input.user } : {}),
    ...(input.password !== undefined ? { password: input.password } : {}),
    ...(input.tls ? { tls: input.tls } : {}),
  };
}

/** connections.test */
export async function testConnection(
  deps: SyncDeps,
  req: { name: string } | { url: string } | { input: ConnectionInput },
): Promise<ConnectionTestResult & { label: string }> {
  const target =
    'name' in req
      ? await deps.connections.resolve(req.name)
      : 'url' in req
        ? targetFromUrl(req.url)
        : targetOf(req.input);
  const r = await testTarget(target);
  return { ...r, label: 'name' in req ? `${req.name} (${describeTarget(target)})` : describeTarget(target) };
}
