// Runs the built CLI (`node bin/sluice.js`, after `npm run build`) as a user would, in a child process.

import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

/** The repository root. */
export const ROOT = join(import.meta.dirname, '..', '..');

/** Exit code, stdout and stderr of one `sluice` run. */
export interface CliRun {
  code: number | null;
  out: string;
  err: string;
}

/** Runs `sluice ARGS…` with the given environment; a run over `timeoutMs` is killed (code null). */
export function runSluice(args: string[], env: NodeJS.ProcessEnv, timeoutMs = 120_000): CliRun {
  const r = spawnSync(process.execPath, [join(ROOT, 'bin', 'sluice.js'), ...args], {
    env,
    encoding: 'utf8',
    timeout: timeoutMs,
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}
