// The pipeline as a graph: phases left to right in execution order, each edge carrying the next phase's
// condition, the destinations of load phases hanging below them. Plain SVG sized to its content (the panel
// scrolls sideways for long pipelines); colours come from CSS classes so both themes apply. Each node is an
// image with its own label (status, figures, condition, destinations) so a screen reader reads every phase.

import '../../styles/runs.css';
import type { GraphDestination, GraphNode, PipelineGraph } from './pipeline-graph-model.js';
import { destinationText } from './pipeline-graph-model.js';
import { baseName, fmtInt } from '../format.js';

const W = 148;
const H = 74;
const GAP = 44;
const PAD = 12;
const TOP = 22; // room for conditions above the edges
const TRUNK = 12; // the x (in a phase's box) of the line down to its destinations
const DEST_X = 26;
const DEST_W = W - DEST_X;
const DEST_H = 44;
const DEST_GAP = 8;
const DEST_TOP = 28;

const TYPE_TEXT: Record<NonNullable<GraphDestination['type']>, string> = {
  parquet: 'Parquet',
  csv: 'CSV',
  postgres: 'PostgreSQL',
};

/** Cuts a text to `n` characters with an ellipsis (SVG text does not wrap). */
export function clip(text: string, n: number): string {
  return text.length > n ? `${text.slice(0, n - 1)}…` : text;
}

function PhaseNode({ n, x }: { n: GraphNode; x: number }) {
  const fraction = n.live?.fraction;
  return (
    <g
      className={`pg-node ${n.status}`}
      role="img"
      aria-label={n.label}
      data-phase={n.name}
      transform={`translate(${x},${TOP})`}
    >
      <title>{n.label}</title>
      <rect className="pg-box" width={W} height={H} rx={7} />
      <rect className="pg-stripe" width={5} height={H} rx={2} />
      <text className="pg-name" x={14} y={20}>
        {clip(n.name, 17)}
      </text>
      <text className="pg-type" x={14} y={37}>
        {n.type} · <tspan className="pg-status">{n.status}</tspan>
      </text>
      <text className="pg-detail" x={14} y={55}>
        {clip(n.detail, 22)}
      </text>
      {fraction !== undefined && (
        <rect className="pg-progress" x={14} y={H - 9} width={(W - 28) * Math.min(1, fraction)} height={3} />
      )}
    </g>
  );
}

function Destination({ d, x, y }: { d: GraphDestination; x: number; y: number }) {
  const text = destinationText(d);
  const where = d.path ? baseName(d.path) : d.rows !== undefined ? `${fmtInt(d.rows)} rows` : '';
  const second = [d.type ? TYPE_TEXT[d.type] : '', where].filter(Boolean).join(' · ');
  return (
    <g className="pg-dest" role="img" aria-label={`Destination ${text}`} transform={`translate(${x},${y})`}>
      <title>{d.path ? `${text}\n${d.path}` : text}</title>
      <rect className="pg-dest-box" width={DEST_W} height={DEST_H} rx={8} />
      <text className="pg-name" x={10} y={18}>
        {clip(d.name, 16)}
      </text>
      <text className="pg-detail" x={10} y={34}>
        {clip(second, 20)}
      </text>
    </g>
  );
}

/** The graph of a plan or of a run. */
export function PipelineGraphView({ graph, title }: { graph: PipelineGraph; title: string }) {
  const xs = graph.nodes.map((_, i) => PAD + i * (W + GAP));
  const deepest = Math.max(0, ...graph.nodes.map((n) => n.destinations.length));
  const width = PAD * 2 + graph.nodes.length * W + Math.max(0, graph.nodes.length - 1) * GAP;
  const height = TOP + H + (deepest ? DEST_TOP + deepest * (DEST_H + DEST_GAP) : 0) + PAD;
  const mid = TOP + H / 2;
  return (
    <figure className="pg" aria-label={title}>
      <div className="pg-scroll">
        <svg
          className="pg-svg"
          role="group"
          aria-label={`${title}. ${graph.summary}`}
          width={width}
          height={height}
          viewBox={`0 0 ${width} ${height}`}
        >
          <defs>
            <marker
              id="pg-arrow"
              viewBox="0 0 8 8"
              refX="7"
              refY="4"
              markerWidth="7"
              markerHeight="7"
              orient="auto"
            >
              <path className="pg-arrowhead" d="M0,0 L8,4 L0,8 z" />
            </marker>
          </defs>
          {graph.nodes.slice(1).map((n, i) => {
            const x0 = (xs[i] as number) + W;
            const x1 = xs[i + 1] as number;
            return (
              <g key={`e-${n.name}`} className={`pg-edge ${n.status}`} aria-hidden="true">
                <line x1={x0 + 2} y1={mid} x2={x1 - 3} y2={mid} markerEnd="url(#pg-arrow)" />
                {n.condition && (
                  <text className="pg-cond" x={(x0 + x1) / 2} y={TOP - 8} textAnchor="middle">
                    <title>{n.condition}</title>
                    {n.status === 'skipped' || n.decision === 'skip' ? '⊘ ' : '◇ '}
                    {clip(n.condition, 24)}
                  </text>
                )}
              </g>
            );
          })}
          {graph.nodes.map((n, i) => {
            const x = xs[i] as number;
            return (
              <g key={n.name}>
                {n.destinations.map((d, j) => {
                  const y = TOP + H + DEST_TOP + j * (DEST_H + DEST_GAP);
                  return (
                    <g key={d.name}>
                      <path
                        className={`pg-edge pg-dest-edge ${n.status}`}
                        aria-hidden="true"
                        d={`M${x + TRUNK},${TOP + H} V${y + DEST_H / 2} H${x + DEST_X - 2}`}
                        fill="none"
                      />
                      <Destination d={d} x={x + DEST_X} y={y} />
                    </g>
                  );
                })}
                <PhaseNode n={n} x={x} />
              </g>
            );
          })}
        </svg>
      </div>
    </figure>
  );
}
