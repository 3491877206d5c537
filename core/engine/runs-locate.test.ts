import { appendFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { indexRun, locateProject, lookupRun, pipelineProjectDir, runsIndexPath } from './runs-locate.js';

let home: string;
let env: NodeJS.ProcessEnv;
beforeEach(() => {
  home = mkdtempSync(join(tmpdir(), 'sluice-locate-'));
  env = { SLUICE_HOME: home };
});
afterEach(() => rmSync(home, { recursive: true, force: true }));

const entry = (runId: string, projectDir: string) => ({
  runId,
  projectDir,
  pipelineFile: '/p.sluice.json',
  startedAt: '2026-01-01T00:00:00.000Z',
});

describe('locating a run', () => {
  it('finds the latest index entry of a run, skipping a line cut by a crash', async () => {
    await indexRun(env, entry('r1', '/a'));
    appendFileSync(runsIndexPath(env), '{"runId":"r2","proj');
    await indexRun(env, entry('r2', '/b'));
    await indexRun(env, entry('r1', '/c'));
    expect((await lookupRun(env, 'r1'))?.projectDir).toBe('/c');
    expect((await lookupRun(env, 'r2'))?.projectDir).toBe('/b');
    expect(await lookupRun(env, 'r3')).toBeUndefined();
  });

  it('prefers the project, then the pipeline, then what the engine knows, then the index', async () => {
    await indexRun(env, entry('r1', '/indexed'));
    const pipeline = join(home, 'x.sluice.json');
    expect(await locateProject(env, { projectDir: 'rel', pipelinePath: pipeline, runId: 'r1' })).toBe(
      resolve('rel'),
    );
    expect(await locateProject(env, { pipelinePath: pipeline, runId: 'r1' })).toBe(
      pipelineProjectDir(pipeline, env),
    );
    expect(pipelineProjectDir(pipeline, env).startsWith(join(home, 'projects'))).toBe(true);
    expect(await locateProject(env, { runId: 'r1' }, () => '/known')).toBe('/known');
    expect(await locateProject(env, { runId: 'r1' })).toBe('/indexed');
    await expect(locateProject(env, { runId: 'r9' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(locateProject(env, {})).rejects.toMatchObject({ code: 'BAD_USAGE' });
  });
});
