// sluice connections add|edit|list|test|remove: saved PostgreSQL connections. Passwords go to the OS keychain
// (else an AES-256-GCM file) and are read from a URL or stdin, never echoed, listed or logged.

import { AppError } from '../../core/contract/errors.js';
import type { ConnectionInfo, ConnectionInput, TlsMode } from '../../core/contract/sync.js';
import { onePath, parse, positiveInt } from '../args.js';
import { call, withEngine } from '../host.js';
import { table } from '../output/table.js';

export const CONNECTIONS_HELP = `Usage: sluice connections add NAME (--url URL | --host H [--port P] --database D --user U) [options]
       sluice connections edit NAME [same options: only the given ones change]
       sluice connections list [--json]
       sluice connections test NAME_OR_URL [--json]
       sluice connections remove NAME

Saved PostgreSQL connections for sluice sync --to NAME. The password comes from the URL or from stdin
(--password-stdin) and is kept in the OS keychain, else encrypted (AES-256-GCM) in $SLUICE_HOME; it never
appears in listings, logs or errors. Exit code: 0 done, 2 bad usage or unreachable database.

Options:
  --url URL              postgres://user:password@host:5432/database?sslmode=require
  --host H  --port P  --database D  --user U
  --password-stdin       read the password from the first line of stdin
  --tls MODE             disable | require | verify-full
  --ca-file PATH         CA bundle for verify-full
  --json                 print JSON on stdout
  -h, --help             show this help`;

const OPTIONS = {
  url: { type: 'string' },
  host: { type: 'string' },
  port: { type: 'string' },
  database: { type: 'string' },
  user: { type: 'string' },
  'password-stdin': { type: 'boolean' },
  tls: { type: 'string' },
  'ca-file': { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

type Values = ReturnType<typeof parse<typeof OPTIONS>>['values'];

async function readStdinLine(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8').split(/\r?\n/)[0] ?? '';
}

async function inputOf(name: string, v: Values): Promise<ConnectionInput> {
  if (v.tls !== undefined && !['disable', 'require', 'verify-full'].includes(v.tls))
    throw new AppError('BAD_USAGE', `Unknown --tls '${v.tls}'.`, {
      hint: 'Use disable, require or verify-full.',
    });
  return {
    name,
    ...(v.url ? { url: v.url } : {}),
    ...(v.host ? { host: v.host } : {}),
    ...(v.port ? { port: positiveInt(v.port, 'port', 5432) } : {}),
    ...(v.database ? { database: v.database } : {}),
    ...(v.user ? { user: v.user } : {}),
    ...(v.tls ? { tls: v.tls as TlsMode } : {}),
    ...(v['ca-file'] ? { caFile: v['ca-file'] } : {}),
    ...(v['password-stdin'] ? { password: await readStdinLine() } : {}),
  };
}

const describe = (c: ConnectionInfo) => `${c.user}@${c.host}:${c.port}/${c.database}`;

/** Runs `sluice connections`. */
export async function connectionsCommand(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  const { values: v, positionals } = parse(rest, OPTIONS);
  if (sub === undefined || sub === '--help' || sub === '-h' || v.help) {
    console.log(CONNECTIONS_HELP);
    return sub === undefined ? 2 : 0;
  }
  const quiet = { quiet: true };
  switch (sub) {
    case 'add':
    case 'edit': {
      const input = await inputOf(onePath(positionals, 'NAME'), v);
      return withEngine(async (engine) => {
        const c = await call(engine, sub === 'add' ? 'connections.add' : 'connections.edit', input);
        if (v.json) console.log(JSON.stringify(c));
        else
          console.log(
            `Saved connection ${c.name} (${describe(c)}, TLS ${c.tls})` +
              (c.hasPassword
                ? `; password in the ${c.secretStore === 'keychain' ? 'OS keychain' : 'encrypted file'}.`
                : '.'),
          );
        return 0;
      }, quiet);
    }
    case 'list':
      return withEngine(async (engine) => {
        const list = await call(engine, 'connections.list', {});
        if (v.json) console.log(JSON.stringify(list));
        else if (list.length === 0)
          console.log('No saved connections. Add one with: sluice connections add NAME --url URL');
        else
          console.log(
            table(
              ['name', 'connection', 'tls', 'password'],
              list.map((c) => [
                c.name,
                describe(c),
                c.tls,
                c.hasPassword ? (c.secretStore ?? 'saved') : 'none',
              ]),
              60,
            ),
          );
        return 0;
      }, quiet);
    case 'test': {
      const ref = onePath(positionals, 'NAME_OR_URL');
      return withEngine(async (engine) => {
        const req = /^[a-z][a-z0-9+.-]*:\/\//i.test(ref) ? { url: ref } : { name: ref };
        const r = await call(engine, 'connections.test', req);
        if (v.json) console.log(JSON.stringify(r));
        else
          console.log(
            `Connected to ${r.label}: PostgreSQL ${r.serverVersion}, ${r.latencyMs} ms, pgvector ${r.pgvector ? 'installed' : 'not installed'}.`,
          );
        return 0;
      }, quiet);
    }
    case 'remove': {
      const name = onePath(positionals, 'NAME');
      return withEngine(async (engine) => {
        const { removed } = await call(engine, 'connections.remove', { name });
        if (!removed) throw new AppError('NOT_FOUND', `No connection named "${name}".`);
        if (v.json) console.log(JSON.stringify({ removed }));
        else console.log(`Removed connection ${name} and its password.`);
        return 0;
      }, quiet);
    }
    default:
      throw new AppError('BAD_USAGE', `Unknown subcommand 'connections ${sub}'.`, {
        hint: 'Use add, edit, list, test or remove.',
      });
  }
}
