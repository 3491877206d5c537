// The pipeline as a graph: phases left to right in execution order (wrapping to the panel's width), each
// phase's condition written over it, the destinations of load phases hanging below them. Plain SVG laid out
// by pipeline-graph-layout.ts; colours come from CSS classes so both themes apply. Each node is an
// image with its own label (status, figures, condition, destinations) so a screen reader reads every phase.

import '../../styles/runs.css';
import { useLayoutEffect, useRef, useState, type RefObject } from 'react';
import { baseName, fmtInt } from '../format.js';
import { clip, layoutGraph, nodeLines, SIZE } from './pipeline-graph-layout.js';
import type { GraphDestination, GraphNode, PipelineGraph } from './pipeline-graph-model.js';
import { destinationText } from './pipeline-graph-model.js';

const { nodeW: W, nodeH: H, destH: DEST_H } = SIZE;

const TYPE_TEXT: Record<NonNullable<GraphDestination['type']>, string> = {
  parquet: 'Parquet',
  csv: 'CSV',
  // Short enough for "Postgres · 9,665 rows" on one line of the box; the label says PostgreSQL in full.
  postgres: 'Postgres',
};

function PhaseNode({ n, x, y }: { n: GraphNode; x: number; y: number }) {
  const fraction = n.live?.fraction;
  // The type line already says "skipped": the room goes to why.
  const lines = nodeLines(n.details[0] === n.status ? n.details.slice(1) : n.details, 24);
  return (
    <g
      className={`pg-node ${n.status}`}
      role="img"
      aria-label={n.label}
      data-phase={n.name}
      transform={`translate(${x},${y})`}
    >
      <title>{n.label}</title>
      <rect className="pg-box" width={W} height={H} rx={7} />
      <rect className="pg-stripe" width={5} height={H} rx={2} />
      <text className="pg-name" x={14} y={20}>
        {clip(n.name, 19)}
      </text>
      <text className="pg-type" x={14} y={37}>
        {n.type} · <tspan className="pg-status">{n.status}</tspan>
      </text>
      {lines.map((line, i) => (
        <text key={i} className="pg-detail" x={14} y={54 + i * 15}>
          {line}
        </text>
      ))}
      {fraction !== undefined && (
        <rect className="pg-progress" x={14} y={H - 6} width={(W - 28) * Math.min(1, fraction)} height={3} />
      )}
    </g>
  );
}

function Destination({ d, x, y, w }: { d: GraphDestination; x: number; y: number; w: number }) {
  const text = destinationText(d);
  const type = d.type === 'postgres' && !d.table ? 'PostgreSQL table' : d.type ? TYPE_TEXT[d.type] : '';
  const rows = d.rows !== undefined ? `${fmtInt(d.rows)} rows` : '';
  // Its kind and rows, then the file or table it names (a table of an older record: kind, then rows).
  const where = d.path ? baseName(d.path) : d.table;
  const lines = (where ? [[type, rows].filter(Boolean).join(' · '), where] : [type, rows]).filter(Boolean);
  const full = d.path ?? [d.table, d.connection ? `on ${d.connection}` : ''].filter(Boolean).join(' ');
  return (
    <g className="pg-dest" role="img" aria-label={`Destination ${text}`} transform={`translate(${x},${y})`}>
      <title>{full ? `${text}\n${full}` : text}</title>
      <rect className="pg-dest-box" width={w} height={DEST_H} rx={8} />
      <text className="pg-name" x={10} y={17}>
        {clip(d.name, 19)}
      </text>
      {lines.map((line, i) => (
        <text key={i} className="pg-detail" x={10} y={32 + i * 14}>
          {clip(line, 22)}
        </text>
      ))}
    </g>
  );
}

/** The width of an element, following its resizes (a default until it is measured). */
function useWidth(fallback: number): [RefObject<HTMLDivElement>, number] {
  const ref = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(fallback);
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    setWidth(el.clientWidth || fallback);
    const obs = new ResizeObserver(([e]) => e && setWidth(Math.round(e.contentRect.width) || fallback));
    obs.observe(el);
    return () => obs.disconnect();
  }, [fallback]);
  return [ref, width];
}

/** The graph of a plan or of a run. */
export function PipelineGraphView({ graph, title }: { graph: PipelineGraph; title: string }) {
  const [ref, width] = useWidth(1040);
  const L = layoutGraph(graph, width);
  return (
    <figure className="pg" aria-label={title}>
      <div className="pg-scroll" ref={ref}>
        <svg
          className="pg-svg"
          role="group"
          aria-label={`${title}. ${graph.summary}`}
          width={L.width}
          height={L.height}
          viewBox={`0 0 ${L.width} ${L.height}`}
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
          {L.edges.map((e) => (
            <g key={`e-${e.to.name}`} className={`pg-edge ${e.to.status}`} aria-hidden="true">
              <path d={e.path} fill="none" markerEnd="url(#pg-arrow)" />
              {e.to.condition && (
                <text className="pg-cond" x={e.labelX} y={e.labelY} textAnchor="middle">
                  <title>{e.to.condition}</title>
                  {e.to.status === 'skipped' || e.to.decision === 'skip' ? '⊘ ' : '◇ '}
                  {clip(e.to.condition, 30)}
                </text>
              )}
            </g>
          ))}
          {/* Each phase, then what it writes to: a screen reader reads them in that order. */}
          {L.nodes.map((n) => (
            <g key={n.node.name}>
              <PhaseNode n={n.node} x={n.x} y={n.y} />
              {L.dests
                .filter((d) => d.phase === n.node)
                .map((d) => (
                  <g key={d.dest.name}>
                    <path
                      className={`pg-edge pg-dest-edge ${d.phase.status}`}
                      aria-hidden="true"
                      d={d.path}
                      fill="none"
                    />
                    <Destination d={d.dest} x={d.x} y={d.y} w={d.w} />
                  </g>
                ))}
            </g>
          ))}
        </svg>
      </div>
    </figure>
  );
}
