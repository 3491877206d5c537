import { describe, expect, it } from 'vitest';
import { clip, layoutGraph, nodeLines, SIZE } from './pipeline-graph-layout.js';
import type { GraphNode, PipelineGraph } from './pipeline-graph-model.js';

function graph(n: number, destsAt: Record<number, number> = {}): PipelineGraph {
  const nodes = Array.from({ length: n }, (_, i): GraphNode => ({
    name: `p${i}`,
    type: 'load',
    status: 'pending',
    destinations: Array.from({ length: destsAt[i] ?? 0 }, (__, j) => ({ name: `d${i}_${j}` })),
    details: [],
    detail: '',
    label: '',
  }));
  return { kind: 'plan', nodes, summary: '' };
}

describe('pipeline graph layout', () => {
  it('puts phases in one row when they fit, joined by straight edges', () => {
    const L = layoutGraph(graph(3), 1000);
    expect(L.nodes.map((n) => [n.x, n.y])).toEqual([
      [20, 24],
      [220, 24],
      [420, 24],
    ]);
    expect(L.edges.map((e) => e.path)).toEqual(['M182,66 H217', 'M382,66 H417']);
    expect(L.height).toBe(24 + 84 + 20);
  });

  it('wraps to the width, turning the edge back to the next row, with room for destinations', () => {
    // 1,050 px hold five 160 px phases with 40 px gaps.
    const L = layoutGraph(graph(8, { 4: 2, 6: 1 }), 1050);
    expect(L.nodes.filter((n) => n.y === L.nodes[0]!.y)).toHaveLength(5);
    const rowTwo = L.nodes[5]!.y;
    // Row one: phases, then two destinations under p4 (22 + 2 × 56 + 8) and the row gap.
    expect(rowTwo).toBe(24 + 84 + 22 + 2 * 56 + 8 + 18 + 24);
    expect(L.edges[4]!.path).toBe(`M982,66 H1000 V${rowTwo - 24 + 6} H10 V${rowTwo + 42} H17`);
    expect(L.dests.map((d) => [d.dest.name, d.x, d.y])).toEqual([
      ['d4_0', 846, 130],
      ['d4_1', 846, 194],
      ['d6_0', 246, rowTwo + 84 + 22],
    ]);
    expect(L.height).toBe(rowTwo + 84 + 22 + 56 + 20);
    expect(L.width).toBe(1050);
  });

  it('never lays out narrower than one phase (the panel scrolls)', () => {
    const L = layoutGraph(graph(2), 100);
    expect(L.nodes.map((n) => n.x)).toEqual([20, 20]);
    expect(L.width).toBe(2 * SIZE.pad + SIZE.nodeW);
  });
});

describe('node text', () => {
  it('cuts a figure to its room, and wraps one long line (a skip reason) onto two', () => {
    expect(clip('abcdef', 4)).toBe('abc…');
    expect(nodeLines(['9,990 → 9,990 rows', '1,500 ms'], 24)).toEqual(['9,990 → 9,990 rows', '1,500 ms']);
    expect(nodeLines(['the run started on mon, not thu'], 24)).toEqual([
      'the run started on mon,',
      'not thu',
    ]);
    expect(nodeLines(['its condition is false: (SELECT count(*) FROM stage) > 0'], 24)).toEqual([
      'its condition is false:',
      '(SELECT count(*) FROM s…',
    ]);
    expect(nodeLines(['x'.repeat(30)], 24)).toEqual([`${'x'.repeat(23)}…`]);
  });
});
