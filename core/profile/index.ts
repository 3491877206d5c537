// Column profiles computed in DuckDB: inferred type, missing, distinct, range, quantiles, top values, histogram.

export { profileTable, type ProfileOptions } from './profile-table.js';
export { chooseType, type Conformity } from './choose-type.js';
