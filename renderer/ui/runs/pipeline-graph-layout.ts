// Where the pipeline graph's boxes and lines go: phases left to right in execution order, wrapping onto the
// next row when the panel is too narrow (the edge then turns down and back to the row's start), each load
// phase's destinations stacked below it on a line from its left side; and how texts fit their boxes. Pure
// geometry, tested on its own.

import type { GraphDestination, GraphNode, PipelineGraph } from './pipeline-graph-model.js';

/** Sizes of the layout, in SVG units (pixels). */
export const SIZE = {
  nodeW: 160,
  nodeH: 84,
  gap: 40,
  pad: 20,
  /** Room above a row's phases for the conditions written over them. */
  top: 24,
  destX: 26,
  /** A destination box reaches a little past its phase's right side: room for a table name (a row's wrap
   * line runs at half the gap, well clear of it). */
  destW: 142,
  destH: 56,
  destGap: 8,
  destTop: 22,
  rowGap: 18,
} as const;

/** A phase box. */
export interface PlacedNode {
  node: GraphNode;
  x: number;
  y: number;
}

/** A destination box and the line to it from its phase. */
export interface PlacedDestination {
  dest: GraphDestination;
  phase: GraphNode;
  x: number;
  y: number;
  w: number;
  path: string;
}

/** A line from a phase to the next one (`to` is the next phase). */
export interface PlacedEdge {
  to: GraphNode;
  path: string;
  /** Where the next phase's condition is written (above the next phase). */
  labelX: number;
  labelY: number;
}

/** The whole layout. */
export interface GraphLayout {
  width: number;
  height: number;
  nodes: PlacedNode[];
  edges: PlacedEdge[];
  dests: PlacedDestination[];
}

/** Lays the graph out for a panel `width` pixels wide. */
export function layoutGraph(graph: PipelineGraph, width: number): GraphLayout {
  const S = SIZE;
  const perRow = Math.max(1, Math.floor((width - 2 * S.pad + S.gap) / (S.nodeW + S.gap)));
  const rows: GraphNode[][] = [];
  for (let i = 0; i < graph.nodes.length; i += perRow) rows.push(graph.nodes.slice(i, i + perRow));

  const nodes: PlacedNode[] = [];
  const dests: PlacedDestination[] = [];
  let rowTop = 0;
  for (const row of rows) {
    const deepest = Math.max(0, ...row.map((n) => n.destinations.length));
    row.forEach((node, col) => {
      const x = S.pad + col * (S.nodeW + S.gap);
      const y = rowTop + S.top;
      nodes.push({ node, x, y });
      node.destinations.forEach((dest, j) => {
        const dy = y + S.nodeH + S.destTop + j * (S.destH + S.destGap);
        const trunk = x + 12;
        dests.push({
          dest,
          phase: node,
          x: x + S.destX,
          y: dy,
          w: S.destW,
          path: `M${trunk},${y + S.nodeH} V${dy + S.destH / 2} H${x + S.destX - 2}`,
        });
      });
    });
    rowTop +=
      S.top + S.nodeH + (deepest ? S.destTop + deepest * (S.destH + S.destGap) - S.destGap : 0) + S.rowGap;
  }

  const edges: PlacedEdge[] = [];
  for (let i = 1; i < nodes.length; i++) {
    const a = nodes[i - 1] as PlacedNode;
    const b = nodes[i] as PlacedNode;
    const midA = a.y + S.nodeH / 2;
    const midB = b.y + S.nodeH / 2;
    // Same row: straight across. Next row: out to the right, down above the next row, back to its start.
    const path =
      b.y === a.y
        ? `M${a.x + S.nodeW + 2},${midA} H${b.x - 3}`
        : `M${a.x + S.nodeW + 2},${midA} H${a.x + S.nodeW + S.gap / 2} V${b.y - S.top + 6} H${S.pad / 2} V${midB} H${b.x - 3}`;
    edges.push({ to: b.node, path, labelX: b.x + S.nodeW / 2, labelY: b.y - 8 });
  }

  const cols = Math.min(perRow, graph.nodes.length);
  return {
    width: Math.max(width, 2 * S.pad + cols * S.nodeW + Math.max(0, cols - 1) * S.gap),
    height: Math.max(rowTop - S.rowGap + S.pad, S.top + S.nodeH + S.pad),
    nodes,
    edges,
    dests,
  };
}

/** Cuts a text to `n` characters with an ellipsis (SVG text does not wrap). */
export function clip(text: string, n: number): string {
  return text.length > n ? `${text.slice(0, n - 1)}…` : text;
}

/** Up to two lines of `n` characters: two figures as they are, one long one (a skip reason) wrapped at a space. */
export function nodeLines(details: string[], n: number): string[] {
  if (details.length !== 1) return details.slice(0, 2).map((l) => clip(l, n));
  const text = details[0] as string;
  if (text.length <= n) return [text];
  const cut = text.lastIndexOf(' ', n);
  if (cut <= 0) return [clip(text, n)];
  return [text.slice(0, cut), clip(text.slice(cut + 1), n)];
}
