import { describe, expect, test } from 'vitest';
import { layoutView } from '../src/layout';
import { GraphModel } from '../src/model';
import { chapterGraph } from './fixtures';

const inside = (inner: { x: number; y: number; width: number; height: number }, outer: typeof inner) =>
  inner.x >= outer.x &&
  inner.y >= outer.y &&
  inner.x + inner.width <= outer.x + outer.width &&
  inner.y + inner.height <= outer.y + outer.height;

describe('layout', () => {
  const model = new GraphModel(chapterGraph('five_relus'));

  test('collapsed: data flows down from X through the series to output', async () => {
    const layout = await layoutView(model.view(new Set()));
    const y = (id: string) => layout.nodes.find(n => n.unit.id === id)!.y;
    expect(y('op:X')).toBeLessThan(y('series:relu[0-4]'));
    expect(y('series:relu[0-4]')).toBeLessThan(y('op:output'));
    const edge = layout.edges.find(e => e.edge.id === 'op:X -> series:relu[0-4]')!;
    expect(edge.label).toBe('?×3');
    expect(edge.points.length).toBeGreaterThanOrEqual(2);
    expect(edge.labelBox).not.toBeNull();
  });

  test('expanded scopes contain their children and the auxiliary column sits to the right', async () => {
    const layout = await layoutView(model.view(new Set(['series:relu[0-4]', 'scope:relu_2'])));
    const box = (id: string) => layout.nodes.find(n => n.unit.id === id)!;
    const series = box('series:relu[0-4]');
    for (const id of ['scope:relu', 'scope:relu_2', 'op:relu_2/max', 'scope:relu_2/weights']) {
      expect(inside(box(id), series)).toBe(true);
    }
    expect(inside(box('op:relu_2/max'), box('scope:relu_2'))).toBe(true);
    expect(box('op:relu_2/max').depth).toBe(2);
    const init = box('op:init');
    expect(init.area).toBe('auxiliary');
    const mainRight = Math.max(
      ...layout.nodes.filter(n => n.area === 'main').map(n => n.x + n.width)
    );
    expect(init.x).toBeGreaterThan(mainRight);
    expect(layout.width).toBeGreaterThanOrEqual(init.x + init.width);
  });

  test('edges start and end on their nodes, in absolute coordinates', async () => {
    const layout = await layoutView(model.view(new Set(['series:relu[0-4]', 'scope:relu_2'])));
    const box = (id: string) => layout.nodes.find(n => n.unit.id === id)!;
    for (const e of layout.edges) {
      const start = e.points[0];
      const end = e.points[e.points.length - 1];
      const near = (p: { x: number; y: number }, b: ReturnType<typeof box>) =>
        p.x >= b.x - 1 && p.x <= b.x + b.width + 1 && p.y >= b.y - 1 && p.y <= b.y + b.height + 1;
      expect(near(start, box(e.edge.source))).toBe(true);
      expect(near(end, box(e.edge.target))).toBe(true);
    }
  });
});

describe('big views', () => {
  test('past BIG_VIEW_EDGES edges labels are left to the card, and every edge still ends on its nodes', async () => {
    const { BIG_VIEW_EDGES } = await import('../src/layout');
    // A fan of 20 sources into 10 sinks: 200 edges.
    const nodes = [];
    for (let i = 0; i < 20; i++) {
      nodes.push({ name: `s${i}`, op: 'Placeholder', kind: 'placeholder', inputs: [], control_inputs: [], outputs: [{ dtype: 'float32', shape: [2] }], cell: null });
    }
    for (let j = 0; j < 10; j++) {
      nodes.push({ name: `t${j}`, op: 'AddN', kind: 'op', inputs: nodes.slice(0, 20).map(n => `${n.name}:0`), control_inputs: [], outputs: [{ dtype: 'float32', shape: [2] }], cell: null });
    }
    const roots = nodes.map(n => `op:${n.name}`);
    const { parseGraphDocument } = await import('../src/document');
    const doc = parseGraphDocument({ version: 2, nodes, highlight: [], structure: { groups: [], roots, auxiliary: [] } });
    const view = new GraphModel(doc).view(new Set());
    expect(view.edges.length).toBeGreaterThan(BIG_VIEW_EDGES);
    const layout = await layoutView(view);
    expect(layout.edges.every(e => e.labelBox === null && e.label === '2')).toBe(true);
    const box = (id: string) => layout.nodes.find(n => n.unit.id === id)!;
    for (const e of layout.edges) {
      expect(e.points[0].y).toBeGreaterThanOrEqual(box(e.edge.source).y);
      expect(e.points[e.points.length - 1].y).toBeLessThanOrEqual(box(e.edge.target).y + box(e.edge.target).height + 1);
    }
  });
});
