// Where Sluice keeps its data on the user's machine. No file is written next to the user's CSV: projects live
// in the app data folder unless the user names a project folder.

import { createHash } from 'node:crypto';
import { homedir } from 'node:os';
import { basename, join, resolve } from 'node:path';

/** The app data folder: $SLUICE_HOME, else $XDG_DATA_HOME/sluice, else ~/.local/share/sluice. */
export function sluiceHome(env: NodeJS.ProcessEnv = process.env): string {
  if (env.SLUICE_HOME) return resolve(env.SLUICE_HOME);
  const xdg = env.XDG_DATA_HOME || join(homedir(), '.local', 'share');
  return join(xdg, 'sluice');
}

const shortHash = (text: string, n: number) => createHash('sha256').update(text).digest('hex').slice(0, n);

/** The default project folder for a source file: stable per absolute path, readable by name. */
export function defaultProjectDir(sourcePath: string, env: NodeJS.ProcessEnv = process.env): string {
  const abs = resolve(sourcePath);
  const name =
    basename(abs)
      .replace(/[^A-Za-z0-9._-]+/g, '_')
      .slice(0, 40) || 'data';
  return join(sluiceHome(env), 'projects', `${name}-${shortHash(abs, 10)}`);
}

/** The dataset id of a source file inside a project: stable per absolute path, safe as a table-name prefix. */
export function datasetIdFor(sourcePath: string): string {
  return `ds_${shortHash(resolve(sourcePath), 12)}`;
}
