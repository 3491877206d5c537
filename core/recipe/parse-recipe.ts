// Reading recipe JSON from outside (a file, the UI, a pipeline): strict, with the path of the first problem
// (`steps[3].op.columns[0]`) in a RECIPE_INVALID error, so a hand-edited recipe is easy to fix.

import { AppError } from '../contract/errors.js';
import { RECIPE_FORMAT_VERSION, type Condition, type Operation, type Recipe } from '../contract/recipe.js';
import { CONDITION_SPECS, OP_SPECS, type FieldSpec, type ObjectSpec } from './recipe-spec.js';

const fail = (path: string, message: string) =>
  new AppError('RECIPE_INVALID', `Recipe ${path}: ${message}`, {
    path,
    hint: 'Fix the recipe file (see core/recipe/recipe.schema.json).',
  });

const isObj = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function checkField(v: unknown, spec: FieldSpec, path: string): void {
  switch (spec.t) {
    case 'string':
      if (typeof v !== 'string') throw fail(path, 'must be a string.');
      if (spec.nonEmpty && v === '') throw fail(path, 'must not be empty.');
      if (spec.maxLength !== undefined && v.length > spec.maxLength)
        throw fail(path, `is longer than ${spec.maxLength}.`);
      return;
    case 'nullableString':
      if (v !== null && typeof v !== 'string') throw fail(path, 'must be a string or null.');
      return;
    case 'int':
      if (!Number.isSafeInteger(v) || (spec.min !== undefined && (v as number) < spec.min))
        throw fail(path, `must be a whole number${spec.min === undefined ? '' : ` ≥ ${spec.min}`}.`);
      return;
    case 'bool':
      if (typeof v !== 'boolean') throw fail(path, 'must be true or false.');
      return;
    case 'enum':
      if (typeof v !== 'string' || !spec.values.includes(v))
        throw fail(path, `must be one of ${spec.values.map((x) => JSON.stringify(x)).join(', ')}.`);
      return;
    case 'strings':
      if (!Array.isArray(v)) throw fail(path, 'must be a list of strings.');
      if (spec.min !== undefined && v.length < spec.min)
        throw fail(path, `needs at least ${spec.min} item(s).`);
      v.forEach((x, i) => checkField(x, { t: 'string' }, `${path}[${i}]`));
      return;
    case 'ints':
      if (!Array.isArray(v)) throw fail(path, 'must be a list of whole numbers.');
      v.forEach((x, i) => checkField(x, { t: 'int' }, `${path}[${i}]`));
      return;
    case 'scalar':
      if (!['string', 'number', 'boolean'].includes(typeof v))
        throw fail(path, 'must be a string, number or boolean.');
      return;
    case 'condition':
      checkCondition(v, path);
      return;
    case 'conditions':
      if (!Array.isArray(v)) throw fail(path, 'must be a list of conditions.');
      v.forEach((x, i) => checkCondition(x, `${path}[${i}]`));
      return;
    case 'mapping':
      if (!Array.isArray(v) || v.length === 0) throw fail(path, 'must be a non-empty list of {from, to}.');
      v.forEach((m, i) =>
        checkObject(
          m,
          { from: { spec: { t: 'string' } }, to: { spec: { t: 'nullableString' } } },
          `${path}[${i}]`,
        ),
      );
      return;
  }
}

function checkObject(v: unknown, spec: ObjectSpec, path: string, discriminant?: string): void {
  if (!isObj(v)) throw fail(path, 'must be an object.');
  for (const key of Object.keys(v))
    if (key !== discriminant && !(key in spec)) throw fail(`${path}.${key}`, 'is not a known field.');
  for (const [key, entry] of Object.entries(spec)) {
    if (v[key] === undefined) {
      if (!entry.optional) throw fail(`${path}.${key}`, 'is required.');
      continue;
    }
    checkField(v[key], entry.spec, `${path}.${key}`);
  }
}

function checkCondition(v: unknown, path: string): void {
  if (!isObj(v) || typeof v.kind !== 'string' || !(v.kind in CONDITION_SPECS))
    throw fail(`${path}.kind`, `must be one of ${Object.keys(CONDITION_SPECS).join(', ')}.`);
  checkObject(v, CONDITION_SPECS[v.kind as keyof typeof CONDITION_SPECS], path, 'kind');
}

/** Checks one operation; throws RECIPE_INVALID naming the path of the first problem. */
export function parseOperation(v: unknown, path = 'op'): Operation {
  if (!isObj(v) || typeof v.op !== 'string' || !(v.op in OP_SPECS))
    throw fail(`${path}.op`, `must be one of ${Object.keys(OP_SPECS).join(', ')}.`);
  checkObject(v, OP_SPECS[v.op as keyof typeof OP_SPECS], path, 'op');
  return v as unknown as Operation;
}

/** Checks a condition. */
export function parseCondition(v: unknown, path = 'where'): Condition {
  checkCondition(v, path);
  return v as Condition;
}

/** Reads a recipe (parsed JSON or its text); refuses recipes from a newer Sluice. */
export function parseRecipe(input: unknown): Recipe {
  let v = input;
  if (typeof input === 'string') {
    try {
      v = JSON.parse(input);
    } catch (e) {
      throw fail('(file)', `is not JSON: ${(e as Error).message}`);
    }
  }
  if (!isObj(v)) throw fail('(root)', 'must be an object.');
  if (v.format !== 'sluice-recipe') throw fail('format', `must be "sluice-recipe".`);
  if (!Number.isSafeInteger(v.version) || (v.version as number) < 1)
    throw fail('version', 'must be a whole number ≥ 1.');
  if ((v.version as number) > RECIPE_FORMAT_VERSION)
    throw new AppError(
      'RECIPE_INVALID',
      `The recipe was written by a newer Sluice (format ${String(v.version)}).`,
      {
        hint: 'Update Sluice to use it.',
      },
    );
  const known = new Set(['format', 'version', 'name', 'columns', 'steps']);
  for (const key of Object.keys(v)) if (!known.has(key)) throw fail(key, 'is not a known field.');
  if (v.name !== undefined) checkField(v.name, { t: 'string' }, 'name');
  if (v.columns !== undefined) checkField(v.columns, { t: 'strings' }, 'columns');
  if (!Array.isArray(v.steps)) throw fail('steps', 'must be a list.');
  const ids = new Set<string>();
  v.steps.forEach((s: unknown, i: number) => {
    const path = `steps[${i}]`;
    checkObject(
      s,
      {
        id: { spec: { t: 'string', nonEmpty: true } },
        enabled: { spec: { t: 'bool' } },
        note: { spec: { t: 'string' }, optional: true },
      },
      path,
      'op',
    );
    const step = s as { id: string; op: unknown };
    if (ids.has(step.id)) throw fail(`${path}.id`, `'${step.id}' is used twice.`);
    ids.add(step.id);
    parseOperation(step.op, `${path}.op`);
  });
  return { ...(v as unknown as Recipe), version: RECIPE_FORMAT_VERSION };
}
