// Above the grid: find (Ctrl+F; any column contains the text), a column filter, the active filters as chips,
// the sort, and how many rows match. Everything is computed by the engine over the whole table.

import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { RowsFilter } from '../../../core/contract/datasets.js';
import { useApp, useSlice } from '../context.js';
import { fmtInt, ruleLabel } from '../format.js';

/** The event the app shell sends when the user presses Ctrl+F. */
export const FIND_EVENT = 'sluice:find';

type Op = 'contains' | 'equals' | 'missing' | 'present';

function describe(f: RowsFilter): string {
  switch (f.kind) {
    case 'contains':
      return f.column ? `${f.column} contains “${f.value}”` : `any column contains “${f.value}”`;
    case 'equals':
      return `${f.column} = “${f.value}”`;
    case 'missing':
      return `${f.column} ${f.negate ? 'is not empty' : 'is empty'}`;
    case 'findings':
      return `rows with findings${f.column ? ` of ${f.column}` : ''}${f.rule ? ` · ${ruleLabel(f.rule)}` : ''}`;
  }
}

/** The grid's toolbar. */
export function GridToolbar() {
  const { stores } = useApp();
  const grid = stores.grid;
  const columns = useSlice(grid, (s) => s.columns);
  const filters = useSlice(grid, (s) => s.filters);
  const sort = useSlice(grid, (s) => s.sort);
  const total = useSlice(grid, (s) => s.total);
  const loading = useSlice(grid, (s) => s.loading);
  const imported = useSlice(stores.dataset, (s) => s.info?.importSummary?.rowsImported);
  const rows = useSlice(stores.recipe, (s) => s.view?.rows) ?? imported;
  const [find, setFind] = useState('');
  const [column, setColumn] = useState('');
  const [op, setOp] = useState<Op>('contains');
  const [value, setValue] = useState('');
  const findRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    const focus = () => findRef.current?.focus();
    window.addEventListener(FIND_EVENT, focus);
    return () => window.removeEventListener(FIND_EVENT, focus);
  }, []);

  const setFilters = (next: RowsFilter[]) => void grid.getState().setView({ filters: next });
  const onFind = (e: FormEvent) => {
    e.preventDefault();
    const rest = filters.filter((f) => !(f.kind === 'contains' && f.column === undefined));
    setFilters(find ? [...rest, { kind: 'contains', value: find }] : rest);
  };
  const onAdd = (e: FormEvent) => {
    e.preventDefault();
    const col = column || columns[0];
    if (!col) return;
    const f: RowsFilter =
      op === 'missing' || op === 'present'
        ? { kind: 'missing', column: col, negate: op === 'present' }
        : { kind: op, column: col, value };
    setFilters([...filters, f]);
    setValue('');
  };

  return (
    <div className="grid-toolbar" role="toolbar" aria-label="Find and filter rows">
      <form className="find" role="search" onSubmit={onFind}>
        <input
          ref={findRef}
          className="input compact"
          type="search"
          placeholder="Find in all columns (Ctrl+F)"
          aria-label="Find in all columns"
          value={find}
          onChange={(e) => setFind(e.target.value)}
        />
      </form>
      <form className="filter-add" onSubmit={onAdd} aria-label="Add a column filter">
        <select
          className="select compact"
          aria-label="Filter column"
          value={column}
          onChange={(e) => setColumn(e.target.value)}
        >
          {columns.map((c) => (
            <option key={c} value={c}>
              {c}
            </option>
          ))}
        </select>
        <select
          className="select compact"
          aria-label="Filter condition"
          value={op}
          onChange={(e) => setOp(e.target.value as Op)}
        >
          <option value="contains">contains</option>
          <option value="equals">equals</option>
          <option value="missing">is empty</option>
          <option value="present">is not empty</option>
        </select>
        {(op === 'contains' || op === 'equals') && (
          <input
            className="input compact"
            aria-label="Filter value"
            placeholder="value"
            value={value}
            onChange={(e) => setValue(e.target.value)}
          />
        )}
        <button className="btn small" type="submit">
          Filter
        </button>
      </form>
      <ul className="chips" aria-label="Active filters">
        {sort && (
          <li className="chip">
            sorted by {sort.column} {sort.desc ? '↓' : '↑'}
            <button
              type="button"
              aria-label="Remove the sort"
              onClick={() => void grid.getState().setView({ sort: null })}
            >
              ×
            </button>
          </li>
        )}
        {filters.map((f, i) => (
          <li className="chip" key={i}>
            {describe(f)}
            <button
              type="button"
              aria-label={`Remove filter: ${describe(f)}`}
              onClick={() => setFilters(filters.filter((_, j) => j !== i))}
            >
              ×
            </button>
          </li>
        ))}
      </ul>
      <span className="spacer" />
      <span className="muted row-count" aria-live="polite">
        {loading
          ? 'Loading…'
          : filters.length && rows !== undefined
            ? `${fmtInt(total)} of ${fmtInt(rows)} rows`
            : `${fmtInt(total)} rows`}
      </span>
    </div>
  );
}
