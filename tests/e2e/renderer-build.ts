// The e2e tests need the renderer build. It is rebuilt when missing or older than any renderer source,
// so a test never runs against a stale UI (and `npm run build:renderer` beforehand makes this a no-op).

import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
/** The renderer build folder. */
export const RENDERER_DIST = join(ROOT, 'renderer/dist');

function newestSource(dir: string): number {
  let newest = 0;
  for (const name of readdirSync(dir)) {
    if (name === 'dist' || name === 'node_modules') continue;
    const p = join(dir, name);
    const st = statSync(p);
    newest = Math.max(newest, st.isDirectory() ? newestSource(p) : st.mtimeMs);
  }
  return newest;
}

/** Builds renderer/dist unless it is up to date; returns its path. */
export function ensureRendererBuild(): string {
  const index = join(RENDERER_DIST, 'index.html');
  const sources = Math.max(newestSource(join(ROOT, 'renderer')), newestSource(join(ROOT, 'core/contract')));
  if (existsSync(index) && statSync(index).mtimeMs >= sources) return RENDERER_DIST;
  // A child process: vitest sets NODE_ENV=test, which would make Vite bundle React's development build.
  const vite = join(ROOT, 'node_modules/vite/bin/vite.js');
  const r = spawnSync(
    process.execPath,
    [vite, 'build', '--config', 'renderer/vite.config.ts', '--logLevel', 'warn'],
    {
      cwd: ROOT,
      env: { ...process.env, NODE_ENV: 'production' },
      encoding: 'utf8',
    },
  );
  if (r.status !== 0) throw new Error(`renderer build failed:\n${r.stdout}\n${r.stderr}`);
  return RENDERER_DIST;
}
