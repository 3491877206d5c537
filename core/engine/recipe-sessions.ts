// One RecipeSession per opened dataset, opened lazily from the project (so reopening a project restores the
// recipe) and replaced when the dataset is imported again. Changes to a dataset's recipe and validations of
// its current stage are serialised per dataset, so the current-stage view never moves under a validation.

import { createHash } from 'node:crypto';
import { withConnection } from '../adapters/duckdb.js';
import type { DatasetInfo } from '../contract/datasets.js';
import { AppError, serializeError, type AppErrorData } from '../contract/errors.js';
import { RecipeSession } from '../recipe/index.js';
import { canonicalJson } from '../recipe/stage-store.js';
import { readyDataset, type DatasetState, type EngineContext } from './context.js';
import { pointAlias, type CurrentTable } from './current-table-alias.js';
import { stepFindings } from './current-table-step-findings.js';

/** A dataset's recipe session and where its current data is. */
export interface RecipeEntry {
  session: RecipeSession;
  current: CurrentTable;
  /** The identity of the import the recipe starts from (importKey). */
  sourceKey: string;
  /** Hash salts by name, for this engine's lifetime only (recipe.setSecrets). */
  secrets: Record<string, string>;
  /** Cancels the change in progress (recipe.cancel). */
  abort?: AbortController;
  /** Why the saved recipe could not be applied in full when it was opened. */
  warning?: AppErrorData;
}

interface Slot {
  key: string;
  opened: Promise<RecipeEntry>;
  queue: Promise<unknown>;
}

interface Registry {
  slots: Map<string, Slot>;
  /** Salts by dataset, kept apart from the sessions so they can be given before a session opens. */
  secrets: Map<string, Record<string, string>>;
}

// Per engine, without a field on EngineContext: the registry dies with the engine's context.
const registries = new WeakMap<EngineContext, Registry>();

/**
 * The identity of an import for stage cache keys: the file's fingerprint, dialect and import counts. Stages
 * made from another import of the same dataset are never reused, and no table scan is needed to know it.
 */
export function importKey(info: DatasetInfo): string {
  const { path: _path, ...source } = info.source;
  const material = canonicalJson({ source, detection: info.detection, importSummary: info.importSummary });
  return `import:${createHash('sha256').update(material).digest('hex')}`;
}

async function open(s: DatasetState, key: string, secrets: Record<string, string>): Promise<RecipeEntry> {
  const { db } = s.project;
  const datasetId = s.info.datasetId;
  let warning: AppErrorData | undefined;
  let session: RecipeSession;
  const findings = stepFindings(s, key);
  try {
    session = await RecipeSession.open(db, datasetId, { sourceKey: key, secrets, findings });
  } catch (e) {
    // A saved recipe that no longer fits the data (a re-import lost a column, a salt not given yet) must not
    // lock the user out of the dataset: it opens before the failing step, which stays redoable (and fails
    // again, clearly, until fixed). Nothing is saved, so giving the salt and reopening restores it all.
    const step = e instanceof AppError ? e.details.step : undefined;
    if (typeof step !== 'number') throw e;
    session = await RecipeSession.open(db, datasetId, {
      sourceKey: key,
      secrets,
      findings,
      maxCursor: step,
    });
    warning = serializeError(e);
  }
  const current = await withConnection(db, (c) => pointAlias(c, datasetId, session.state.table));
  return { session, current, sourceKey: key, secrets, ...(warning ? { warning } : {}) };
}

async function slotFor(
  ctx: EngineContext,
  datasetId: string,
  reopen = false,
): Promise<{ slot: Slot; s: DatasetState }> {
  const s = await readyDataset(ctx, datasetId);
  let reg = registries.get(ctx);
  if (!reg) registries.set(ctx, (reg = { slots: new Map(), secrets: new Map() }));
  const { slots } = reg;
  const key = importKey(s.info);
  const old = slots.get(datasetId);
  let slot = old;
  if (!slot || slot.key !== key || reopen) {
    const secrets = { ...reg.secrets.get(datasetId) };
    // A new session starts after the old one's last change, so two never write the saved recipe at once.
    const opened = (old?.queue ?? Promise.resolve()).then(() => open(s, key, secrets));
    const mine: Slot = { key, opened, queue: opened.catch(() => undefined) };
    slot = mine;
    slots.set(datasetId, mine);
    // A failed open is retried by the next call rather than remembered.
    opened.catch(() => slots.get(datasetId) === mine && slots.delete(datasetId));
  }
  return { slot, s };
}

/**
 * Sets a dataset's hash salts for this engine's lifetime and reopens its session with them, so the current
 * stage is recomputed with the new salts (stages with other salts are never reused).
 */
export async function setRecipeSecrets(
  ctx: EngineContext,
  datasetId: string,
  secrets: Record<string, string>,
): Promise<RecipeEntry> {
  let reg = registries.get(ctx);
  if (!reg) registries.set(ctx, (reg = { slots: new Map(), secrets: new Map() }));
  reg.secrets.set(datasetId, { ...secrets });
  const { slot } = await slotFor(ctx, datasetId, true);
  return slot.opened;
}

/**
 * The dataset's recipe entry (opening its session on first use). It does not wait for a change in progress:
 * `current` always names a complete stage, so readers (the grid) never block on a recomputation.
 */
export async function recipeEntry(ctx: EngineContext, datasetId: string): Promise<RecipeEntry> {
  const { slot } = await slotFor(ctx, datasetId);
  return slot.opened;
}

/** Runs `fn` with the dataset's entry, serialised with every other change and validation of the dataset. */
export async function withRecipeLock<T>(
  ctx: EngineContext,
  datasetId: string,
  fn: (entry: RecipeEntry, s: DatasetState) => Promise<T>,
): Promise<T> {
  const { slot, s } = await slotFor(ctx, datasetId);
  const run = slot.queue.then(async () => fn(await slot.opened, s));
  slot.queue = run.catch(() => undefined);
  return run;
}
