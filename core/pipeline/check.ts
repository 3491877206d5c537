// Tiny strict readers for the pipeline parser: each takes a value and its JSON path, returns it typed, or
// throws PIPELINE_INVALID naming the path, so a user learns exactly which key of which phase is wrong.

import { AppError } from '../contract/errors.js';

/** Throws PIPELINE_INVALID for the value at `path` in `file`. */
export function invalid(file: string | undefined, path: string, message: string, hint?: string): never {
  throw new AppError('PIPELINE_INVALID', `${path}: ${message}`, {
    ...(file ? { file } : {}),
    jsonPath: path,
    hint: hint ?? 'Fix the pipeline file; core/pipeline/pipeline.schema.json describes every key.',
  });
}

const describe = (v: unknown) =>
  v === null
    ? 'null'
    : Array.isArray(v)
      ? 'an array'
      : typeof v === 'object'
        ? 'an object'
        : JSON.stringify(v);

/** Reads values of one pipeline file. */
export class Checker {
  constructor(readonly file?: string) {}

  fail(path: string, message: string, hint?: string): never {
    return invalid(this.file, path, message, hint);
  }

  /** An object whose keys are all in `allowed` (strict: a typo is an error, not a silent default). */
  object(v: unknown, path: string, allowed: readonly string[]): Record<string, unknown> {
    if (typeof v !== 'object' || v === null || Array.isArray(v))
      this.fail(path, `must be an object, got ${describe(v)}.`);
    const o = v as Record<string, unknown>;
    for (const k of Object.keys(o))
      if (!allowed.includes(k))
        this.fail(`${path}.${k}`, `unknown key '${k}'.`, `Allowed here: ${allowed.join(', ')}.`);
    return o;
  }

  /** An object with any keys (settings passed through to an adapter). */
  anyObject(v: unknown, path: string): Record<string, unknown> {
    return this.object(v, path, typeof v === 'object' && v !== null ? Object.keys(v) : []);
  }

  string(v: unknown, path: string, pattern?: RegExp, patternText?: string): string {
    if (typeof v !== 'string' || v.trim() === '')
      this.fail(path, `must be a non-empty string, got ${describe(v)}.`);
    if (pattern && !pattern.test(v)) this.fail(path, `'${v}' ${patternText ?? `must match ${pattern}`}.`);
    return v;
  }

  integer(v: unknown, path: string, min: number, max = Number.MAX_SAFE_INTEGER): number {
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max)
      this.fail(path, `must be an integer from ${min} to ${max}, got ${describe(v)}.`);
    return v;
  }

  number(v: unknown, path: string, min: number, max: number): number {
    if (typeof v !== 'number' || !Number.isFinite(v) || v < min || v > max)
      this.fail(path, `must be a number from ${min} to ${max}, got ${describe(v)}.`);
    return v;
  }

  boolean(v: unknown, path: string): boolean {
    if (typeof v !== 'boolean') this.fail(path, `must be true or false, got ${describe(v)}.`);
    return v;
  }

  oneOf<T extends string>(v: unknown, path: string, values: readonly T[]): T {
    if (typeof v !== 'string' || !(values as readonly string[]).includes(v))
      this.fail(path, `must be one of ${values.join(', ')}, got ${describe(v)}.`);
    return v as T;
  }

  array(v: unknown, path: string, minItems = 0): unknown[] {
    if (!Array.isArray(v)) this.fail(path, `must be an array, got ${describe(v)}.`);
    if (v.length < minItems) this.fail(path, `must have at least ${minItems} item(s).`);
    return v;
  }

  /** An object of string values (e.g. column → SQL expression). */
  stringMap(v: unknown, path: string): Record<string, string> {
    if (typeof v !== 'object' || v === null || Array.isArray(v))
      this.fail(path, `must be an object, got ${describe(v)}.`);
    const out: Record<string, string> = {};
    for (const [k, x] of Object.entries(v)) out[k] = this.string(x, `${path}.${k}`);
    if (Object.keys(out).length === 0) this.fail(path, 'must name at least one column.');
    return out;
  }
}
