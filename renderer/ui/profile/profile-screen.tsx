// Profile: every column's statistics, computed by the engine.

import { useEffect } from 'react';
import { ErrorBanner, StateView } from '../common.js';
import { useApp, useSlice } from '../context.js';
import { fmtDuration, fmtInt } from '../format.js';
import { ColumnCard } from './column-card.js';

/** The profile screen. */
export function ProfileScreen() {
  const { stores } = useApp();
  const profile = useSlice(stores.profile, (s) => s.profile);
  const loading = useSlice(stores.profile, (s) => s.loading);
  const error = useSlice(stores.profile, (s) => s.error);
  const datasetId = useSlice(stores.profile, (s) => s.datasetId);

  useEffect(() => {
    void stores.profile.getState().load();
  }, [datasetId, stores.profile]);

  if (error)
    return (
      <div className="pad">
        <ErrorBanner error={error} />
      </div>
    );
  if (!profile)
    return <StateView title={loading ? 'Profiling every column…' : 'No profile yet'} busy={loading} />;
  return (
    <div className="profile-screen">
      <div className="area-head">
        <h3>Profile</h3>
        <span className="faint">
          {fmtInt(profile.rows)} rows · {profile.columns.length} columns · computed in{' '}
          {fmtDuration(profile.durationMs / 1000)}
        </span>
      </div>
      <div className="column-cards">
        {profile.columns.map((c) => (
          <ColumnCard key={c.name} c={c} />
        ))}
      </div>
    </div>
  );
}
