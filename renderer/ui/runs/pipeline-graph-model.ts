// What the pipeline graph draws, as plain data (no React, so it is tested on its own): one node per phase in
// execution order with its status, condition, live rows/s and ETA or skip reason, and under the phases that
// load, one node per destination they write. The plan knows decisions, conditions and where loads write; a
// run knows statuses, rows and what each load wrote; live events say which phase runs now (the record lags
// until a phase ends). Plans from an older engine lack conditions and destinations: the reasons and the
// previous run of the same pipeline stand in for them.

import type {
  PhaseRecord,
  PhaseStatus,
  PhaseType,
  PlannedDestination,
  RunPlan,
  RunProgress,
  RunRecord,
} from '../../../core/contract/pipeline.js';
import { baseName, fmtDuration, fmtInt, fmtRate } from '../format.js';

/** A destination a load phase writes (or wrote). */
export interface GraphDestination {
  name: string;
  type?: 'parquet' | 'csv' | 'postgres';
  /** The file written (file destinations). */
  path?: string;
  /** The table written (PostgreSQL destinations). */
  table?: string;
  /** The saved connection (PostgreSQL destinations; none: the default database). */
  connection?: string;
  rows?: number;
}

/** Live figures of the phase in progress. */
export interface GraphLive {
  rows: number;
  total?: number;
  fraction?: number;
  rowsPerSec: number;
  etaSec?: number;
}

/** One phase of the graph. */
export interface GraphNode {
  name: string;
  type: PhaseType;
  status: PhaseStatus;
  /** What the plan decided (plan graphs, and runs of the same pipeline). */
  decision?: RunPlan['phases'][number]['decision'];
  /** The phase's `when`, as far as it is known (a data condition, or why the calendar skips it). */
  condition?: string;
  skippedReason?: string;
  rowsIn?: number;
  rowsOut?: number;
  durationMs?: number;
  live?: GraphLive;
  destinations: GraphDestination[];
  /** The node's figures, one or two short lines (rows and time; rows/s and ETA; why skipped). */
  details: string[];
  /** The same in one line. */
  detail: string;
  /** Everything about the node in one sentence, for screen readers. */
  label: string;
}

/** The graph: phases in execution order (each feeds the next) and what it is of. */
export interface PipelineGraph {
  /** 'plan' before a run, 'run' for a run's phases. */
  kind: 'plan' | 'run';
  nodes: GraphNode[];
  /** One sentence for the whole graph. */
  summary: string;
}

type PlanPhase = RunPlan['phases'][number];

const DEST_TYPE: Record<NonNullable<GraphDestination['type']>, string> = {
  parquet: 'Parquet file',
  csv: 'CSV file',
  postgres: 'PostgreSQL table',
};

/** How a destination reads in a label: "review (CSV file orders.review.csv, 90 rows)". */
export function destinationText(d: GraphDestination): string {
  const where = d.path ? baseName(d.path) : (d.table ?? '');
  const parts = [d.type ? DEST_TYPE[d.type] : '', where, d.connection ? `on ${d.connection}` : '']
    .filter(Boolean)
    .join(' ');
  const rows = d.rows !== undefined ? `${fmtInt(d.rows)} rows` : '';
  const inner = [parts, rows].filter(Boolean).join(', ');
  return inner ? `${d.name} (${inner})` : d.name;
}

function outputs(p: PhaseRecord | undefined): GraphDestination[] {
  return (p?.outputs ?? []).map((o) => ({
    name: o.destination,
    type: o.type,
    ...(o.path ? { path: o.path } : {}),
    ...(o.table ? { table: o.table } : {}),
    rows: o.rows,
  }));
}

function planned(ds: PlannedDestination[]): GraphDestination[] {
  return ds.map((d) => ({ ...d }));
}

/** What a load phase writes: what it wrote when the record says, else what the plan says it will write. */
function destinations(p: PhaseRecord | undefined, pp: PlanPhase | undefined): GraphDestination[] {
  const wrote = outputs(p);
  if (!pp?.destinations) return wrote;
  // The plan keeps the file's order and names what a connection adds; the record adds the rows.
  return planned(pp.destinations).map((d) => {
    const o = wrote.find((w) => w.name === d.name);
    return o ? { ...d, ...o } : d;
  });
}

/** The phase's condition as the graph writes it over the phase ("when …"). */
function planCondition(p: PlanPhase | undefined): string | undefined {
  if (p?.when) return `when ${p.when}`;
  // Older plans: only a data condition or a calendar skip came, as the decision's reason.
  if (!p?.reason) return undefined;
  return p.decision === 'at-run-time' ? p.reason.replace(/^data condition: /, 'when ') : p.reason;
}

/** Why the plan skips a phase, when it says more than its condition. */
function planReason(p: PlanPhase): string | undefined {
  return p.decision === 'skip' && p.when && p.reason ? p.reason : undefined;
}

function liveLines(l: GraphLive): string[] {
  return [
    fmtRate(l.rowsPerSec),
    l.etaSec !== undefined
      ? `${fmtDuration(l.etaSec)} left`
      : `${fmtInt(l.rows)}${l.total !== undefined ? ` of ${fmtInt(l.total)}` : ''} rows`,
  ];
}

/** A phase's time: phases are often short, so milliseconds up to 10 s. */
function phaseTime(ms: number): string {
  return ms < 10_000 ? `${fmtInt(ms)} ms` : fmtDuration(ms / 1000);
}

function lines(n: Omit<GraphNode, 'detail' | 'details' | 'label'>): string[] {
  if (n.status === 'running') return n.live ? liveLines(n.live) : ['running…'];
  if (n.status === 'skipped') return ['skipped', n.skippedReason ?? n.condition ?? ''];
  if (n.status === 'done' || n.status === 'failed')
    return [
      n.rowsIn !== undefined ? `${fmtInt(n.rowsIn)} → ${fmtInt(n.rowsOut ?? 0)} rows` : '',
      n.durationMs !== undefined ? phaseTime(n.durationMs) : '',
    ].filter(Boolean);
  // One line, wrapped by the graph: the reason needs the room of both.
  if (n.decision === 'skip') return [`will be skipped${n.skippedReason ? `: ${n.skippedReason}` : ''}`];
  if (n.decision === 'at-run-time') return ['decided at run time'];
  return [n.decision === 'run' ? 'will run' : 'waiting'];
}

function describe(n: Omit<GraphNode, 'detail' | 'details' | 'label'>): {
  detail: string;
  details: string[];
  label: string;
} {
  const details = lines(n);
  const detail = details.join(' · ');
  const parts = [`Phase ${n.name} (${n.type}): ${n.status}`];
  if (n.status === 'running' && n.live)
    parts.push(
      `${fmtInt(n.live.rows)}${n.live.total !== undefined ? ` of ${fmtInt(n.live.total)}` : ''} rows, ${fmtRate(n.live.rowsPerSec)}${n.live.etaSec !== undefined ? `, ${fmtDuration(n.live.etaSec)} left` : ''}`,
    );
  else if (n.status !== 'skipped' && n.status !== 'running' && detail) parts.push(detail);
  if (n.condition) parts.push(`condition: ${n.condition}`);
  if (n.status === 'skipped')
    parts.push(`skipped because ${n.skippedReason ?? n.condition ?? 'of its condition'}`);
  if (n.destinations.length) parts.push(`writes to ${n.destinations.map(destinationText).join('; ')}`);
  return { detail, details, label: `${parts.join('; ')}.` };
}

function node(n: Omit<GraphNode, 'detail' | 'details' | 'label'>): GraphNode {
  return { ...n, ...describe(n) };
}

function summary(kind: 'plan' | 'run', name: string, nodes: GraphNode[]): string {
  const counts = new Map<string, number>();
  for (const n of nodes) counts.set(n.status, (counts.get(n.status) ?? 0) + 1);
  const dests = nodes.reduce((a, n) => a + n.destinations.length, 0);
  const by =
    kind === 'plan'
      ? `${nodes.filter((n) => n.decision === 'skip').length} to be skipped`
      : [...counts].map(([s, c]) => `${c} ${s}`).join(', ');
  return `${kind === 'plan' ? 'Plan of' : 'Run of'} pipeline ${name}: ${nodes.length} phases (${by})${
    dests ? `, ${dests} destinations` : ''
  }.`;
}

/**
 * The plan as a graph. A plan names each load's destinations; one from an older engine does not, and then
 * `previous` (the newest run of the same pipeline, when there is one) supplies what it wrote last time.
 */
export function planGraph(plan: RunPlan, previous?: RunRecord | null): PipelineGraph {
  const same = previous && previous.pipelineHash === plan.pipelineHash ? previous : undefined;
  const nodes = plan.phases.map((p) => {
    const cond = planCondition(p);
    const why = planReason(p);
    return node({
      name: p.name,
      type: p.type,
      status: 'pending',
      decision: p.decision,
      ...(cond ? { condition: cond } : {}),
      ...(why ? { skippedReason: why } : {}),
      destinations: p.destinations
        ? planned(p.destinations)
        : outputs(same?.phases.find((r) => r.name === p.name)),
    });
  });
  return { kind: 'plan', nodes, summary: summary('plan', plan.pipelineName, nodes) };
}

/**
 * A run as a graph. `live` holds statuses seen in the run's events (a phase the record still calls pending
 * may be running or done already); `progress` the running phase's rows/s and ETA; `plan` (same pipeline hash
 * only) adds the phases' conditions.
 */
export function runGraph(
  run: RunRecord & { active?: boolean },
  live?: Record<string, PhaseStatus>,
  progress?: RunProgress,
  plan?: RunPlan | null,
): PipelineGraph {
  const planned = plan && plan.pipelineHash === run.pipelineHash ? plan : undefined;
  const nodes = run.phases.map((p) => {
    const seen = live?.[p.name];
    // The record is the truth once it says more than "pending"; before that the events know better. A run
    // this engine no longer runs has a final record: its events say nothing more.
    const status: PhaseStatus = p.status === 'pending' && seen && run.active !== false ? seen : p.status;
    const pp = planned?.phases.find((x) => x.name === p.name);
    const cond = planCondition(pp);
    const counted = p.status === 'done' || p.status === 'failed' || p.status === 'skipped';
    return node({
      name: p.name,
      type: p.type,
      status,
      ...(pp ? { decision: pp.decision } : {}),
      ...(cond ? { condition: cond } : {}),
      ...(p.skippedReason ? { skippedReason: p.skippedReason } : {}),
      ...(counted ? { rowsIn: p.rowsIn, rowsOut: p.rowsOut } : {}),
      ...(p.durationMs !== undefined ? { durationMs: p.durationMs } : {}),
      ...(status === 'running' && progress?.phase === p.name
        ? {
            live: {
              rows: progress.rows,
              rowsPerSec: progress.rowsPerSec,
              ...(progress.total !== undefined ? { total: progress.total } : {}),
              ...(progress.fraction !== undefined ? { fraction: progress.fraction } : {}),
              ...(progress.etaSec !== undefined ? { etaSec: progress.etaSec } : {}),
            },
          }
        : {}),
      destinations: destinations(p, pp),
    });
  });
  return { kind: 'run', nodes, summary: summary('run', run.pipelineName, nodes) };
}
