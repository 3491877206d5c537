import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AppError } from '../contract/errors.js';
import { parseSchema } from './parse-schema.js';
import { readSchemaFile, writeSchemaFile } from './schema-file.js';

function failure(json: unknown): AppError {
  try {
    parseSchema(json, 'schema.json');
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error('expected SCHEMA_INVALID');
}

const withField = (field: Record<string, unknown>, others = 2) => ({
  fields: [...Array.from({ length: others }, (_, i) => ({ name: `f${i}` })), field],
});

describe('parseSchema', () => {
  it('accepts a full schema, defaults type to string and keeps unknown keys', () => {
    const s = parseSchema({
      $schema: 'x',
      fields: [
        {
          name: 'id',
          type: 'integer',
          constraints: { required: true, unique: true, minimum: 1 },
          rdfType: 'x',
        },
        {
          name: 'when',
          type: 'date',
          format: '%d/%m/%Y',
          constraints: { minimum: '01/01/2020', maximum: '2030-12-31' },
        },
        { name: 'note', constraints: { maxLength: 10, pattern: '[a-z]+', customKey: 1 } },
        {
          name: 'ok',
          type: 'boolean',
          trueValues: ['y'],
          falseValues: ['n'],
          constraints: { enum: [true, 'n'] },
        },
        {
          name: 'price',
          type: 'number',
          decimalChar: ',',
          groupChar: '.',
          constraints: { minimum: '1,5', maximum: 9 },
        },
      ],
      primaryKey: ['id'],
      missingValues: ['', 'NA'],
      foreignKeys: [],
    });
    expect(s.fields[2]).toEqual({
      name: 'note',
      type: 'string',
      constraints: { maxLength: 10, pattern: '[a-z]+', customKey: 1 },
    });
    expect(s.fields[0]?.rdfType).toBe('x');
    expect(s.$schema).toBe('x');
    expect(s.foreignKeys).toEqual([]);
    expect(s.primaryKey).toEqual(['id']);
  });

  it('names the field (position and name) and the key in every error', () => {
    const e = failure(withField({ name: 'price', type: 'number', constraints: { minimum: 'cheap' } }));
    expect(e.code).toBe('SCHEMA_INVALID');
    expect(e.message).toBe("field 3 ('price'): constraints.minimum must be a number for type number");
    expect(e.details).toMatchObject({ file: 'schema.json', field: 'price', key: 'constraints.minimum' });
  });

  it.each([
    [{ fields: 'x' }, /^fields must be an array/],
    [[], /must be a JSON object/],
    [withField({}), /^field 3: name must be a non-empty string/],
    [withField({ name: 'a', type: 'year' }), /^field 3 \('a'\): type "year" is not supported/],
    [
      withField({ name: 'q', type: 'integer', constraints: { minimum: 1.5 } }),
      /minimum must be an integer for type integer/,
    ],
    [
      withField({ name: 'q', type: 'integer', constraints: { minimum: 5, maximum: 2 } }),
      /minimum \(5\) is greater than maximum \(2\)/,
    ],
    [
      withField({ name: 'd', type: 'date', constraints: { maximum: '2024-02-30' } }),
      /maximum must be a date in format %Y-%m-%d for type date/,
    ],
    [
      withField({ name: 's', constraints: { minimum: 'a' } }),
      /constraints.minimum does not apply to type string/,
    ],
    [
      withField({ name: 'n', type: 'integer', constraints: { maxLength: 3 } }),
      /maxLength applies to strings only, not to type integer/,
    ],
    [withField({ name: 's', constraints: { minLength: -1 } }), /minLength must be a non-negative integer/],
    [
      withField({ name: 's', constraints: { minLength: 5, maxLength: 2 } }),
      /minLength \(5\) is greater than maxLength \(2\)/,
    ],
    [
      withField({ name: 's', constraints: { pattern: '([a-z' } }),
      /pattern '\(\[a-z' is not a valid regular expression/,
    ],
    [withField({ name: 's', constraints: { pattern: 'a(?=b)' } }), /uses a feature RE2 does not support/],
    [withField({ name: 's', constraints: { enum: [] } }), /enum must be a non-empty array/],
    [
      withField({ name: 'n', type: 'number', constraints: { enum: [1, 'x'] } }),
      /enum\[1\] "x" is not a number \(type number\)/,
    ],
    [withField({ name: 's', constraints: { enum: ['a', 2] } }), /enum\[1\] 2 is not a string/],
    [withField({ name: 's', constraints: { required: 'yes' } }), /required must be true or false/],
    [withField({ name: 'd', type: 'date', format: '%Q' }), /format unsupported directive %Q/],
    [withField({ name: 's', format: 'phone' }), /format 'phone' is not a string format/],
    [withField({ name: 'i', type: 'integer', format: 'x' }), /'x' is not a format of type integer/],
    [
      withField({ name: 'n', type: 'number', decimalChar: ',', groupChar: ',' }),
      /groupChar must differ from decimalChar/,
    ],
    [
      withField({ name: 'b', type: 'boolean', trueValues: ['y'], falseValues: ['y'] }),
      /'y' is also in trueValues/,
    ],
    [withField({ name: 'F0' }), /field 3 \('F0'\): name duplicates field 1/],
    [
      { ...withField({ name: 'x' }), primaryKey: ['x', 'nope'] },
      /primaryKey names 'nope', which is not a field/,
    ],
    [{ ...withField({ name: 'x' }), primaryKey: [] }, /primaryKey must be a field name or a non-empty array/],
    [{ ...withField({ name: 'x' }), missingValues: [1] }, /missingValues must be an array of strings/],
  ])('rejects %j', (json, message) => {
    expect(failure(json).message).toMatch(message);
  });
});

describe('schema files', () => {
  it('round-trips as 2-space JSON and reports bad JSON with its line', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sluice-schema-'));
    try {
      const path = join(dir, 's.json');
      const schema = parseSchema({ fields: [{ name: 'a', type: 'integer' }], primaryKey: 'a', x: { y: 1 } });
      await writeSchemaFile(path, schema);
      expect(await readFile(path, 'utf8')).toBe(`${JSON.stringify(schema, null, 2)}\n`);
      expect(await readSchemaFile(path)).toEqual(schema);
      await writeFile(path, '{\n  "fields": [\n    {"name": "a",}\n  ]\n}');
      const bad = await readSchemaFile(path).catch((e: unknown) => e as AppError);
      expect(bad).toBeInstanceOf(AppError);
      expect((bad as AppError).code).toBe('SCHEMA_INVALID');
      expect((bad as AppError).message).toMatch(/^Not valid JSON/);
      expect((bad as AppError).details).toMatchObject({ file: path, line: 3, column: 18 });
      const missing = await readSchemaFile(join(dir, 'missing.json')).catch((e: unknown) => e as AppError);
      expect((missing as AppError).code).toBe('FILE_NOT_FOUND');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
