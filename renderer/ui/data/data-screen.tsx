// Data: the grid with the findings panel beside it.

import { useEffect } from 'react';
import { ErrorBanner, StateView } from '../common.js';
import { useApp, useSlice } from '../context.js';
import { DataGrid } from './data-grid.js';
import { FindingsPanel } from './findings-panel.js';
import { GridToolbar } from './grid-toolbar.js';

/** The data screen. */
export function DataScreen() {
  const { stores } = useApp();
  const datasetId = useSlice(stores.grid, (s) => s.datasetId);
  const loading = useSlice(stores.grid, (s) => s.loading);
  const error = useSlice(stores.grid, (s) => s.error);
  const total = useSlice(stores.grid, (s) => s.total);
  const columns = useSlice(stores.grid, (s) => s.columns.length);
  const filtered = useSlice(stores.grid, (s) => s.filters.length > 0);

  // Headers show type, missing share and a histogram: the profile feeds them.
  useEffect(() => {
    if (datasetId) void stores.profile.getState().load();
  }, [datasetId, stores.profile]);

  let body;
  if (error)
    body = (
      <div className="pad">
        <ErrorBanner error={error} />
      </div>
    );
  else if (!datasetId || (loading && !columns)) body = <StateView title="Loading rows…" busy />;
  else if (total === 0 && filtered)
    body = (
      <StateView title="No rows match">
        No row matches the filters: remove one above to see more rows.
      </StateView>
    );
  else if (total === 0)
    body = (
      <StateView title="No rows">The import kept no rows: see the rejected lines in the summary.</StateView>
    );
  else body = <DataGrid />;

  return (
    <div className="data-screen">
      <section className="grid-area" aria-label="Data">
        {datasetId && columns > 0 && <GridToolbar />}
        <div className="grid-body">{body}</div>
      </section>
      <FindingsPanel />
    </div>
  );
}
