// A first Table Schema from a profile. Types and formats come from the profile; constraints are suggested
// only where the data leaves no doubt and a wrong guess would be rare: `required` for a column without any
// missing value, and `unique` + primary key for one id-like integer column whose values are all distinct
// (counted exactly). Ranges, lengths and enums are left to the user: inferred from one file they would
// turn the next file's normal values into findings.

import type { DatasetProfile } from '../contract/profile.js';
import type { SchemaField, TableSchema } from '../contract/schema.js';

const ID_LIKE = [/^(id|key|pk)$/i, /[_\s-](id|key)$/i, /[a-z]Id$/];

/** True for names like id, order_id, orderId, "Order ID". */
export function isIdLike(name: string): boolean {
  return ID_LIKE.some((re) => re.test(name));
}

/** Infers a Table Schema from a dataset profile. */
export function inferSchema(profile: DatasetProfile): TableSchema {
  const key = profile.columns.find(
    (c) =>
      c.type === 'integer' &&
      isIdLike(c.name) &&
      c.rows > 0 &&
      c.nulls === 0 &&
      c.typeConfidence === 1 &&
      !c.distinctApproximate &&
      c.distinct === c.rows,
  );
  const fields = profile.columns.map((c): SchemaField => {
    const field: SchemaField = { name: c.name, type: c.type };
    if (c.format && c.format !== 'default') field.format = c.format;
    if (c.rows > 0 && c.nulls === 0) field.constraints = { required: true };
    if (c === key) field.constraints = { required: true, unique: true };
    return field;
  });
  const schema: TableSchema = { fields };
  if (key) schema.primaryKey = key.name;
  return schema;
}
