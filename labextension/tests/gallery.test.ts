import { describe, expect, test } from 'vitest';
import { layoutView } from '../src/layout';
import { GraphModel } from '../src/model';
import { leafUnits } from '../src/units';
import { GALLERY, galleryGraph, hasGallery, pythonTopLevel } from './fixtures';

// The structure is Python's; the front end only unfolds it and lifts op edges to boxes.
// These run on graphs jupyter_flow built, and check both sides agree on what is drawn.
describe.skipIf(!hasGallery())('gallery of real graphs', () => {
  test.each(GALLERY)('%s: the collapsed view is the one the static SVG draws', name => {
    const view = new GraphModel(galleryGraph(name)).view(new Set());
    const python = pythonTopLevel(name);
    expect(view.main.map(u => u.id).sort()).toEqual(python.main);
    expect(view.auxiliary.map(u => u.id).sort()).toEqual(python.auxiliary);
    expect(view.edges.map(e => e.id).sort()).toEqual(python.edges);
  });

  test('mlp: X -> dnn -> loss drawn, train aside, expanding dnn shows each layer once', () => {
    const model = new GraphModel(galleryGraph('mlp'));
    const top = model.view(new Set());
    const edgeIds = top.edges.map(e => e.id);
    expect(edgeIds).toContain('op:X -> scope:dnn');
    expect(edgeIds).toContain('scope:dnn -> scope:loss');
    expect(top.auxiliary.map(u => u.id)).toContain('scope:train');
    const dnn = model.view(new Set(['scope:dnn'])).main.find(u => u.id === 'scope:dnn')!;
    expect(dnn.children.map(u => u.id).sort()).toEqual([
      'scope:dnn/hidden1',
      'scope:dnn/hidden2',
      'scope:dnn/outputs'
    ]);
    const layer = model
      .view(new Set(['scope:dnn', 'scope:dnn/hidden2']))
      .main.find(u => u.id === 'scope:dnn')!
      .children.find(u => u.id === 'scope:dnn/hidden2')!;
    const ids = layer.children.map(u => u.id);
    expect(ids).toContain('scope:hidden2/kernel');
    expect(ids).toContain('scope:hidden2/bias');
    expect(ids).toContain('op:dnn/hidden2/MatMul');
  });

  test('big graphs open with a handful of top-level boxes and expand level by level', async () => {
    for (const name of ['mlp_adam', 'my_func_gradients']) {
      const model = new GraphModel(galleryGraph(name));
      const top = model.view(new Set());
      expect(top.main.length + top.auxiliary.length).toBeLessThanOrEqual(16);
      const layout = await layoutView(top);
      expect(layout.nodes.length).toBe(top.main.length + top.auxiliary.length);
      const first = top.main.find(u => u.expandable)!;
      const deeper = model.view(new Set([first.id]));
      expect(leafUnits(deeper.main).length).toBeGreaterThan(leafUnits(top.main).length);
    }
  });
});
