// The sync engine's public surface: what the CLI, the pipeline's load phase and the app call.
export { syncDataset } from './run.js';
export { rollbackSync } from './rollback.js';
export { cleanupSyncs, type CleanupOptions, type CleanupResult } from './cleanup.js';
export { planDataset, listSyncs } from './inspect.js';
export { tableChecksum } from './checksum.js';
export type { SyncOptions, BatchSizing, ErrorBudget } from './options.js';
export type { RetryOptions } from './backoff.js';
export type { TypeOptions } from './pg-types.js';
