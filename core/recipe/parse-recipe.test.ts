import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Operation } from '../contract/recipe.js';
import { recipeJsonSchema } from './json-schema.js';
import { parseRecipe } from './parse-recipe.js';
import { OP_NAMES } from './recipe-spec.js';
import { recipeOf } from './test-helpers.js';

const SCHEMA_FILE = fileURLToPath(new URL('./recipe.schema.json', import.meta.url));

/** One example of every operation (the test fails when an operation has none). */
const EXAMPLES: Operation[] = [
  { op: 'editCell', line: 3, column: 'a', value: null, previous: 'x' },
  { op: 'trim', columns: ['a'], where: { kind: 'finding', column: 'a', rule: 'pattern' } },
  { op: 'collapseSpaces', columns: ['a'] },
  { op: 'changeCase', case: 'title', columns: ['a'] },
  { op: 'replace', columns: ['a'], find: 'x', replacement: '', regex: true },
  { op: 'mapValues', columns: ['a'], mapping: [{ from: 'shiped', to: 'shipped' }] },
  { op: 'nullTokens', columns: ['a'], tokens: ['N/A'] },
  { op: 'parseNumber', columns: ['a'], decimal: ',', group: '.', percent: 'fraction' },
  { op: 'parseDate', columns: ['a'], formats: ['%d/%m/%Y'] },
  { op: 'cast', columns: ['a'], to: 'decimal', precision: 10, scale: 2 },
  { op: 'fillDown', columns: ['a'] },
  { op: 'fillDefault', columns: ['a'], value: '0' },
  { op: 'split', column: 'a', separator: ',', into: ['b', 'c'] },
  { op: 'merge', columns: ['a', 'b'], separator: ' ', into: 'c' },
  { op: 'derive', name: 'c', expr: 'a || b' },
  { op: 'rename', column: 'a', to: 'b' },
  { op: 'drop', columns: ['a'] },
  { op: 'reorder', columns: ['b', 'a'] },
  {
    op: 'filterRows',
    mode: 'drop',
    where: {
      kind: 'and',
      all: [
        { kind: 'not', cond: { kind: 'in', column: 'a', values: ['x'] } },
        { kind: 'sql', expr: 'a > b' },
      ],
    },
  },
  { op: 'dropRowsWithFindings', rule: 'type' },
  { op: 'dedupe', keys: ['a'], keep: 'mostComplete' },
  { op: 'hash', columns: ['a'], secret: 'salt' },
  { op: 'mask', columns: ['a'], keepLast: 4 },
  { op: 'redact', columns: ['a'], replacement: null },
  { op: 'generaliseDate', columns: ['a'], to: 'year' },
];

describe('parseRecipe', () => {
  it('accepts an example of every operation and round-trips through JSON', () => {
    expect(new Set(EXAMPLES.map((e) => e.op))).toEqual(new Set(OP_NAMES));
    const recipe = recipeOf(...EXAMPLES);
    expect(parseRecipe(JSON.stringify(recipe))).toEqual(recipe);
  });

  it('names the path of the first problem', () => {
    const bad = (op: unknown) => () =>
      parseRecipe({ format: 'sluice-recipe', version: 1, steps: [{ id: 'a', enabled: true, op }] });
    expect(bad({ op: 'trim', columns: [] })).toThrow(/steps\[0\]\.op\.columns: needs at least 1/);
    expect(bad({ op: 'trim', columns: ['a'], colour: 1 })).toThrow(
      /steps\[0\]\.op\.colour: is not a known field/,
    );
    expect(bad({ op: 'nope' })).toThrow(/steps\[0\]\.op\.op: must be one of/);
    expect(
      bad({
        op: 'filterRows',
        mode: 'keep',
        where: { kind: 'or', any: [{ kind: 'compare', column: 'a', op: '~', value: 1 }] },
      }),
    ).toThrow(/steps\[0\]\.op\.where\.any\[0\]\.op: must be one of/);
    expect(() => parseRecipe('{')).toThrow(/not JSON/);
    expect(() => parseRecipe({ format: 'sluice-recipe', version: 99, steps: [] })).toThrow(/newer Sluice/);
    expect(() =>
      parseRecipe({
        format: 'sluice-recipe',
        version: 1,
        steps: [
          { id: 'a', enabled: true, op: { op: 'trim', columns: ['x'] } },
          { id: 'a', enabled: true, op: { op: 'trim', columns: ['x'] } },
        ],
      }),
    ).toThrow(/used twice/);
  });

  it('the committed JSON Schema is the generated one', () => {
    const generated = recipeJsonSchema();
    // Regenerate with UPDATE_RECIPE_SCHEMA=1 npx vitest run core/recipe/parse-recipe.test.ts, then prettier.
    if (process.env.UPDATE_RECIPE_SCHEMA === '1')
      writeFileSync(SCHEMA_FILE, `${JSON.stringify(generated, null, 2)}\n`);
    expect(JSON.parse(readFileSync(SCHEMA_FILE, 'utf8'))).toEqual(generated);
  });
});
