// Where runs live. A run lives in the project of its pipeline (projectDir, else one default project per
// pipeline file under SLUICE_HOME), so its stages sit beside the checkpoints that make it resumable. A small
// index in SLUICE_HOME (one JSON line per run started: run id → project) lets `sluice runs show RUN_ID` and the
// UI's history find a run from its id alone; it is a convenience, never the record (the workspace is).

import { appendFile, mkdir, readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { RunLocator } from '../contract/pipeline.js';
import { AppError } from '../contract/errors.js';
import { defaultProjectDir, sluiceHome } from '../project/paths.js';

/** One line of the runs index. */
export interface RunIndexEntry {
  runId: string;
  projectDir: string;
  pipelineFile: string;
  startedAt: string;
}

/** The runs index file. */
export function runsIndexPath(env: NodeJS.ProcessEnv): string {
  return join(sluiceHome(env), 'runs-index.jsonl');
}

/** The project of a pipeline file: `projectDir` when given, else the pipeline's default project. */
export function pipelineProjectDir(
  pipelinePath: string,
  env: NodeJS.ProcessEnv,
  projectDir?: string,
): string {
  return resolve(projectDir ?? defaultProjectDir(resolve(pipelinePath), env));
}

/** Records a started run in the index (best effort: a read-only home must not stop the run). */
export async function indexRun(env: NodeJS.ProcessEnv, e: RunIndexEntry): Promise<void> {
  const file = runsIndexPath(env);
  try {
    await mkdir(dirname(file), { recursive: true });
    // Each entry starts on a fresh line: one cut short by a crash cannot swallow the next.
    await appendFile(file, `\n${JSON.stringify(e)}`);
  } catch {
    // The index only saves typing a --project; the run is recorded in its workspace regardless.
  }
}

/** The latest index entry of a run id, if any. */
export async function lookupRun(env: NodeJS.ProcessEnv, runId: string): Promise<RunIndexEntry | undefined> {
  let text: string;
  try {
    text = await readFile(runsIndexPath(env), 'utf8');
  } catch {
    return undefined;
  }
  let found: RunIndexEntry | undefined;
  for (const line of text.split('\n')) {
    if (!line.includes(runId)) continue;
    try {
      const e = JSON.parse(line) as RunIndexEntry;
      if (e.runId === runId) found = e;
    } catch {
      // A line cut by a crash mid-append: skip it.
    }
  }
  return found;
}

/** The project folder a locator names; NOT_FOUND with a hint when it names none and `runId` is unknown. */
export async function locateProject(
  env: NodeJS.ProcessEnv,
  loc: RunLocator & { runId?: string },
  known?: (runId: string) => string | undefined,
): Promise<string> {
  if (loc.projectDir) return resolve(loc.projectDir);
  if (loc.pipelinePath) return pipelineProjectDir(loc.pipelinePath, env);
  if (loc.runId) {
    const dir = known?.(loc.runId) ?? (await lookupRun(env, loc.runId))?.projectDir;
    if (dir) return dir;
    throw new AppError('NOT_FOUND', `No run '${loc.runId}' is known here.`, {
      runId: loc.runId,
      hint: 'Name its pipeline (--pipeline) or its project folder (--project).',
    });
  }
  throw new AppError('BAD_USAGE', 'Name a pipeline file or a project folder.', {
    hint: 'Pass pipelinePath or projectDir (CLI: --pipeline or --project).',
  });
}
