// Pipelines: the `*.sluice.json` format, the runner (checkpoints, resume, rollback), history, retention,
// workspace migrations, configuration and folder watching.

export { parsePipeline, loadPipeline, stableHash, type ParseOptions } from './parse.js';
export type * from './types.js';
export { runPipeline, newRunId, type RunOptions, type RunProject } from './runner.js';
export { rollbackRun, type RollbackOptions } from './rollback.js';
export { getRun, listRuns } from './history.js';
export { purgeRuns, type PurgeOptions } from './retention.js';
export { watchFolder, type WatchOptions, type WatchRun } from './watch.js';
export {
  CONFIG_TABLE,
  CONFIG_KEYS,
  resolveConfig,
  configDocs,
  type ConfigKey,
  type ConfigValues,
} from './config.js';
export {
  WORKSPACE_MIGRATIONS,
  LATEST_WORKSPACE_VERSION,
  migrateWorkspace,
  workspaceVersion,
} from './migrations.js';
export { ensurePipelineTables } from './tables.js';
export { createInlineTaskPool, unwrapTaskResult, type TaskPool } from './task-pool.js';
export { runTask, TASKS, type TaskName } from './tasks.js';
export { runLogPath } from './run-log.js';
export type {
  PostgresLoader,
  EmbedAdapter,
  PipelineAdapters,
  PhaseHandler,
  PhaseEnv,
  PhaseResult,
} from './phase-api.js';
