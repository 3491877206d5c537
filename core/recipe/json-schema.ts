// The recipe JSON Schema (draft 2020-12), generated from the same field specs the reader uses. The committed
// core/recipe/recipe.schema.json must equal this output (a test checks it) for editors and other tools.

import { RECIPE_FORMAT_VERSION } from '../contract/recipe.js';
import { CONDITION_SPECS, OP_SPECS, type FieldSpec, type ObjectSpec } from './recipe-spec.js';

type Json = Record<string, unknown>;

function fieldSchema(spec: FieldSpec): Json {
  switch (spec.t) {
    case 'string':
      return {
        type: 'string',
        ...(spec.nonEmpty ? { minLength: 1 } : {}),
        ...(spec.maxLength !== undefined ? { maxLength: spec.maxLength } : {}),
      };
    case 'nullableString':
      return { type: ['string', 'null'] };
    case 'int':
      return { type: 'integer', ...(spec.min !== undefined ? { minimum: spec.min } : {}) };
    case 'bool':
      return { type: 'boolean' };
    case 'enum':
      return { enum: [...spec.values] };
    case 'strings':
      return {
        type: 'array',
        items: { type: 'string' },
        ...(spec.min !== undefined ? { minItems: spec.min } : {}),
      };
    case 'ints':
      return { type: 'array', items: { type: 'integer' } };
    case 'scalar':
      return { type: ['string', 'number', 'boolean'] };
    case 'condition':
      return { $ref: '#/$defs/condition' };
    case 'conditions':
      return { type: 'array', items: { $ref: '#/$defs/condition' } };
    case 'mapping':
      return {
        type: 'array',
        minItems: 1,
        items: {
          type: 'object',
          additionalProperties: false,
          required: ['from', 'to'],
          properties: { from: { type: 'string' }, to: { type: ['string', 'null'] } },
        },
      };
  }
}

function objectSchema(discriminant: string, value: string, spec: ObjectSpec): Json {
  const properties: Json = { [discriminant]: { const: value } };
  const required = [discriminant];
  for (const [key, entry] of Object.entries(spec)) {
    properties[key] = fieldSchema(entry.spec);
    if (!entry.optional) required.push(key);
  }
  return { type: 'object', additionalProperties: false, required, properties };
}

/** The JSON Schema of a recipe file. */
export function recipeJsonSchema(): Json {
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: 'https://sluice.dev/schemas/recipe.schema.json',
    title: 'Sluice recipe',
    description: `An ordered, versioned list of data-fixing operations (format version ${RECIPE_FORMAT_VERSION}).`,
    type: 'object',
    additionalProperties: false,
    required: ['format', 'version', 'steps'],
    properties: {
      format: { const: 'sluice-recipe' },
      version: { type: 'integer', minimum: 1, maximum: RECIPE_FORMAT_VERSION },
      name: { type: 'string' },
      columns: { type: 'array', items: { type: 'string' } },
      steps: { type: 'array', items: { $ref: '#/$defs/step' } },
    },
    $defs: {
      step: {
        type: 'object',
        additionalProperties: false,
        required: ['id', 'op', 'enabled'],
        properties: {
          id: { type: 'string', minLength: 1 },
          op: { $ref: '#/$defs/operation' },
          enabled: { type: 'boolean' },
          note: { type: 'string' },
        },
      },
      operation: { oneOf: Object.entries(OP_SPECS).map(([op, spec]) => objectSchema('op', op, spec)) },
      condition: { oneOf: Object.entries(CONDITION_SPECS).map(([k, spec]) => objectSchema('kind', k, spec)) },
    },
  };
}
