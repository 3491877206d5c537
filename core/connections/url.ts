// PostgreSQL connection URLs (postgres://user:password@host:port/db?sslmode=…&sslrootcert=…) to fields and
// back, and the forms safe to show: a URL with its password masked, a target without one.

import { AppError } from '../contract/errors.js';
import type { TlsMode } from '../contract/sync.js';

/** The fields a URL carries. */
export interface UrlFields {
  host: string;
  port: number;
  database: string;
  user: string;
  password?: string;
  tls: TlsMode;
  caFile?: string;
}

/** libpq sslmode to Sluice's three modes: `prefer`/`allow` cannot be honoured by node-postgres, so they mean off. */
function tlsOf(sslmode: string | null): TlsMode {
  switch (sslmode ?? 'disable') {
    case 'disable':
    case 'allow':
    case 'prefer':
      return 'disable';
    case 'require':
      return 'require';
    case 'verify-ca':
    case 'verify-full':
      return 'verify-full';
    default:
      throw new AppError('BAD_USAGE', `Unknown sslmode "${sslmode}" in the connection URL.`, {
        hint: 'Use disable, require or verify-full.',
      });
  }
}

/** Parses a postgres:// URL; BAD_USAGE (never echoing the URL, which may hold a password) when malformed. */
export function parsePgUrl(url: string): UrlFields {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new AppError('BAD_USAGE', 'The connection URL is not a valid URL.', {
      hint: 'Use postgres://user:password@host:5432/database.',
    });
  }
  if (u.protocol !== 'postgres:' && u.protocol !== 'postgresql:') {
    throw new AppError('BAD_USAGE', `The connection URL must start with postgres://, not ${u.protocol}//.`);
  }
  const user = decodeURIComponent(u.username) || 'postgres';
  const password = u.password ? decodeURIComponent(u.password) : undefined;
  const caFile = u.searchParams.get('sslrootcert') ?? undefined;
  return {
    host: u.hostname.replace(/^\[|\]$/g, '') || 'localhost',
    port: u.port ? Number(u.port) : 5432,
    database: decodeURIComponent(u.pathname.replace(/^\//, '')) || user,
    user,
    ...(password !== undefined ? { password } : {}),
    tls: tlsOf(u.searchParams.get('sslmode')),
    ...(caFile ? { caFile } : {}),
  };
}

/** `user@host:port/database`: how a connection is named in messages (no password, ever). */
export function describeTarget(t: { user: string; host: string; port: number; database: string }): string {
  return `${t.user}@${t.host}:${t.port}/${t.database}`;
}

/** The URL with its password replaced by ***, for logs and errors. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(invalid URL)';
  }
}
