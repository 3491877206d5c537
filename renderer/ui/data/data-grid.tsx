// The data grid: a canvas grid (glide-data-grid) over the window cache. Rows are asked for as they scroll
// into view; until their window arrives they show as loading, so scrolling never waits on the engine.
// Headers carry type, missing share, findings badge and histogram; cells with findings are tinted.

import {
  CompactSelection,
  DataEditor,
  GridCellKind,
  type DataEditorRef,
  type EditableGridCell,
  type GridCell,
  type GridColumn,
  type GridSelection,
  type Item,
  type Rectangle,
} from '@glideapps/glide-data-grid';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useApp, useSlice } from '../context.js';
import { fmtInt } from '../format.js';
import { useColorScheme } from '../use-color-scheme.js';
import { gridPalette } from './grid-theme.js';
import { HEADER_HEIGHT, headerDrawer, type HeaderInfo } from './header-draw.js';

const LINE_ID = '__line';
const LOADING: GridCell = { kind: GridCellKind.Loading, allowOverlay: false };
const EMPTY_SELECTION: GridSelection = { columns: CompactSelection.empty(), rows: CompactSelection.empty() };

/** Width for each column: its name (plus room for the findings badge) or its longest early value, bounded. */
function naturalWidths(
  columns: string[],
  cell: (row: number, col: number) => string | null | undefined,
): number[] {
  return columns.map((name, c) => {
    let longest = 0;
    for (let r = 0; r < 64; r++) longest = Math.max(longest, (cell(r, c) ?? '').length);
    return Math.round(Math.min(320, Math.max(96, name.length * 8 + 64, longest * 7.4 + 24)));
  });
}

/** The data grid. */
export function DataGrid() {
  const { stores } = useApp();
  const { grid, findings, schema, profile } = stores;
  const total = useSlice(grid, (s) => s.total);
  const columns = useSlice(grid, (s) => s.columns);
  const version = useSlice(grid, (s) => s.version);
  const target = useSlice(grid, (s) => s.target);
  const summary = useSlice(findings, (s) => s.summary);
  const fields = useSlice(schema, (s) => s.saved?.fields);
  const prof = useSlice(profile, (s) => s.profile);
  const sort = useSlice(grid, (s) => s.sort);
  const scheme = useColorScheme();
  const palette = useMemo(() => gridPalette(scheme), [scheme]);
  const [widths, setWidths] = useState<Record<string, number>>({});
  const [selection, setSelection] = useState<GridSelection>(EMPTY_SELECTION);
  const ref = useRef<DataEditorRef>(null);

  const types = useMemo(() => new Map(fields?.map((f) => [f.name, f.type])), [fields]);
  const info = useMemo(() => {
    const byName = new Map<string, HeaderInfo>();
    for (const name of columns) {
      const p = prof?.columns.find((c) => c.name === name);
      const counts = summary?.byColumn[name];
      byName.set(name, {
        type: types.get(name) ?? p?.type,
        nullShare: p && p.rows ? p.nulls / p.rows : undefined,
        findings: counts ? Object.values(counts).reduce((a, n) => a + (n ?? 0), 0) : undefined,
        // Length histograms of text say little at this size; values (numbers, dates) do.
        bins: p?.histogram.kind === 'value' ? p.histogram.bins : undefined,
        sort: sort?.column === name ? (sort.desc ? 'desc' : 'asc') : undefined,
      });
    }
    return byName;
  }, [columns, prof, summary, types, sort]);

  // A header click cycles the column's order: ascending, descending, source order.
  const onHeaderClicked = useCallback(
    (col: number) => {
      const name = columns[col - 1];
      if (!name) return;
      const cur = grid.getState().sort;
      const numeric = types.get(name) === 'integer' || types.get(name) === 'number';
      const next =
        cur?.column !== name
          ? { column: name, numeric }
          : !cur.desc
            ? { column: name, numeric, desc: true }
            : null;
      void grid.getState().setView({ sort: next });
    },
    [columns, grid, types],
  );

  // The line and value under the editor when it opened: a reload while the user types (a validation or a
  // recipe change elsewhere refetches the rows) must not lose the edit or aim it at another line.
  const opened = useRef<{ col: number; row: number; line: number; previous: string | null } | null>(null);
  const onCellActivated = useCallback(
    ([col, row]: Item) => {
      const g = grid.getState();
      const line = g.line(row);
      opened.current = line === undefined ? null : { col, row, line, previous: g.cell(row, col - 1) ?? null };
    },
    [grid],
  );

  // An edit in the grid is a recipe operation (editCell), so it can be undone and replays on the next file.
  const onCellEdited = useCallback(
    ([col, row]: Item, cell: EditableGridCell) => {
      const name = columns[col - 1];
      const g = grid.getState();
      const at = opened.current?.col === col && opened.current.row === row ? opened.current : null;
      const line = at?.line ?? g.line(row);
      if (!name || line === undefined || cell.kind !== GridCellKind.Text) return;
      const previous = at ? at.previous : (g.cell(row, col - 1) ?? null);
      if (cell.data === (previous ?? '')) return;
      void stores.recipe.getState().apply({ op: 'editCell', line, column: name, value: cell.data, previous });
    },
    [columns, grid, stores.recipe],
  );

  // Initial widths from the header and the first rows, measured once per column set.
  const firstLoaded = version > 0 && grid.getState().line(0) !== undefined;
  const natural = useMemo(
    () => naturalWidths(columns, (r, c) => grid.getState().cell(r, c)),
    [columns, firstLoaded, grid],
  );
  const gridColumns = useMemo<GridColumn[]>(
    () => [
      { id: LINE_ID, title: 'Line', width: Math.max(56, String(total + 1).length * 8 + 24) },
      ...columns.map((name, i) => ({ id: name, title: name, width: widths[name] ?? natural[i] ?? 120 })),
    ],
    [columns, widths, natural, total],
  );

  const getCellContent = useCallback(
    ([col, row]: Item): GridCell => {
      const g = grid.getState();
      const line = g.line(row);
      if (line === undefined) return LOADING;
      if (col === 0)
        return {
          kind: GridCellKind.Text,
          data: String(line),
          displayData: fmtInt(line),
          allowOverlay: false,
          contentAlign: 'right',
          themeOverride: { textDark: palette.lineText },
        };
      const name = columns[col - 1]!;
      const v = g.cell(row, col - 1) ?? null;
      const rules = g.rules(row, name);
      const numeric = types.get(name) === 'integer' || types.get(name) === 'number';
      return {
        kind: GridCellKind.Text,
        data: v ?? '',
        displayData: v ?? '',
        allowOverlay: true,
        readonly: false,
        contentAlign: numeric ? 'right' : 'left',
        themeOverride: rules ? { bgCell: palette.markBg, textDark: palette.markText } : undefined,
      };
    },
    // version: new rows (and their marks) arrived, so every visible cell must be asked again.
    [grid, columns, types, palette, version],
  );

  // The rows in view first (exactly those, one small read), then the windows around them.
  const onVisible = useCallback((r: Rectangle) => void grid.getState().show(r.y, r.y + r.height), [grid]);

  useEffect(() => {
    if (!target) return;
    const col = columns.indexOf(target.column) + 1;
    ref.current?.scrollTo(Math.max(0, col), target.row, 'both', 0, 0, { vAlign: 'center' });
    setSelection({
      ...EMPTY_SELECTION,
      current: {
        cell: [Math.max(0, col), target.row],
        range: { x: Math.max(0, col), y: target.row, width: 1, height: 1 },
        rangeStack: [],
      },
    });
  }, [target, columns]);

  const drawHeader = useMemo(() => headerDrawer((id) => info.get(id), palette), [info, palette]);

  return (
    <div className="grid-host" role="region" aria-label={`Data grid, ${fmtInt(total)} rows`}>
      <DataEditor
        ref={ref}
        columns={gridColumns}
        rows={total}
        getCellContent={getCellContent}
        getCellsForSelection={true}
        onVisibleRegionChanged={onVisible}
        onHeaderClicked={onHeaderClicked}
        onCellActivated={onCellActivated}
        onCellEdited={onCellEdited}
        drawHeader={drawHeader}
        headerHeight={HEADER_HEIGHT}
        rowHeight={26}
        freezeColumns={1}
        theme={palette.theme}
        gridSelection={selection}
        onGridSelectionChange={setSelection}
        onColumnResize={(c, w) => c.id && c.id !== LINE_ID && setWidths((old) => ({ ...old, [c.id!]: w }))}
        smoothScrollX
        smoothScrollY
        rowMarkers="none"
        columnSelect="none"
        width="100%"
        height="100%"
      />
    </div>
  );
}
