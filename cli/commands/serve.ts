// sluice serve [FILE]: the web mode — the same UI and contract over HTTP + WebSocket on 127.0.0.1.

import { hostDeps } from '../../core/adapters/host-deps.js';
import { createEngine } from '../../core/engine/index.js';
import { serve } from '../../server/serve.js';
import { createWorkerPool } from '../../workers/pool.js';
import { parse, positiveInt } from '../args.js';

export const SERVE_HELP = `Usage: sluice serve [FILE] [--port N] [--host H] [--open]

Serves the Sluice UI and its API on http://127.0.0.1:PORT with a random token; the URL (with the token) is
the first line on stdout. Requests without the token are refused. Given a FILE, the UI opens on it.

Options:
  --port N             port (default: a free one)
  --host H             listen on another interface (not loopback): only when you mean it; prints a warning
  --open               open the URL in the default browser
  -h, --help           show this help`;

/** Runs `sluice serve` until SIGINT/SIGTERM. */
export async function serveCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parse(argv, {
    port: { type: 'string' },
    host: { type: 'string' },
    open: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) return (void console.log(SERVE_HELP), 0);
  const engine = createEngine(hostDeps({ createPool: createWorkerPool }));
  const server = await serve({
    api: engine,
    file: positionals[0],
    port: values.port === undefined ? 0 : positiveInt(values.port, 'port', 0),
    host: values.host,
    open: values.open,
    log: {
      info: (m) => console.error(m),
      warn: (m) => console.error(`warning: ${m}`),
      error: (m) => console.error(m),
    },
  });
  await new Promise<void>((done) => {
    process.once('SIGINT', done);
    process.once('SIGTERM', done);
  });
  await server.close();
  await engine.close();
  return 0;
}
