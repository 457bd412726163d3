import { describe, expect, test } from 'vitest';
import { describeUnit } from '../src/card';
import { displayName, GraphModel } from '../src/model';
import { edgeLabel, edgeWidth, formatShape } from '../src/shapes';
import { leafUnits } from '../src/units';
import { chapterGraph } from './fixtures';

const ids = (units: { id: string }[]) => units.map(u => u.id).sort();

describe('collapsed view', () => {
  test('five relus: one series between X and output, init aside', () => {
    const view = new GraphModel(chapterGraph('five_relus')).view(new Set());
    expect(ids(view.main)).toEqual(['op:X', 'op:output', 'series:relu[0-4]']);
    expect(ids(view.auxiliary)).toEqual(['op:init']);
    expect(view.edges.map(e => [e.id, edgeLabel(e.tensors.map(t => t.shape))])).toEqual([
      ['op:X -> series:relu[0-4]', '?×3'],
      ['series:relu[0-4] -> op:output', '?×1 (5 tensors)']
    ]);
    expect(view.auxiliaryLinks.get('op:init')).toEqual(['relu[0-4]']);
  });

  test('linear regression: loss is one scope box, the train step, gradients and init aside', () => {
    const view = new GraphModel(chapterGraph('linear_regression_with_loss_scope')).view(new Set());
    expect(ids(view.main)).toEqual([
      'op:X',
      'op:predictions',
      'op:y',
      'scope:loss',
      'scope:random_uniform',
      'scope:theta'
    ]);
    expect(ids(view.auxiliary)).toEqual(['op:init', 'scope:GradientDescent', 'scope:gradients']);
    // The side area names what the train step updates.
    expect(view.auxiliaryLinks.get('scope:GradientDescent')!.sort()).toEqual(['theta']);
    expect(view.auxiliaryLinks.get('scope:gradients')!.sort()).toEqual(['X', 'loss', 'theta']);
    expect([...view.highlighted].sort()).toEqual([
      'op:init',
      'scope:GradientDescent',
      'scope:gradients'
    ]);
  });
});

describe('expanding', () => {
  const model = new GraphModel(chapterGraph('five_relus'));

  test('an expanded series shows its five scopes, collapsed', () => {
    const view = model.view(new Set(['series:relu[0-4]']));
    const series = view.main.find(u => u.kind === 'series')!;
    expect(series.expanded).toBe(true);
    expect(series.children.map(u => [u.id, u.expanded])).toEqual([
      ['scope:relu', false],
      ['scope:relu_1', false],
      ['scope:relu_2', false],
      ['scope:relu_3', false],
      ['scope:relu_4', false]
    ]);
    // Edges now go to each relu scope, and the shared threshold links relu to the others.
    const edgeIds = view.edges.map(e => e.id);
    expect(edgeIds).toContain('op:X -> scope:relu_3');
    expect(edgeIds).toContain('scope:relu -> scope:relu_3');
  });

  test('an expanded scope inside the series shows its ops and folded variables', () => {
    const view = model.view(new Set(['series:relu[0-4]', 'scope:relu_2']));
    const leaves = leafUnits(view.main).filter(u => u.name.startsWith('relu_2/'));
    expect(ids(leaves)).toEqual([
      'op:relu_2/MatMul',
      'op:relu_2/max',
      'op:relu_2/z',
      'scope:relu_2/bias',
      'scope:relu_2/random_normal',
      'scope:relu_2/weights'
    ]);
    const weights = leaves.find(u => u.name === 'relu_2/weights')!;
    expect([weights.nodeKind, weights.opType]).toEqual(['variable', 'VariableV2']);
    const threshold = view.edges.find(e => e.id === 'scope:relu -> op:relu_2/max')!;
    expect(threshold.tensors).toEqual([
      { name: 'relu/threshold/read:0', dtype: 'float32', shape: [] }
    ]);
  });

  test('expansion state never moves a unit between main and auxiliary areas', () => {
    const view = model.view(new Set(['op:init', 'series:relu[0-4]']));
    expect(ids(view.auxiliary)).toEqual(['op:init']);
  });
});

describe('hover card', () => {
  test('shows op type, inputs, dtype and shape, cell and value', () => {
    const model = new GraphModel(chapterGraph('five_relus'));
    const view = model.view(new Set(['series:relu[0-4]', 'scope:relu']));
    const threshold = leafUnits(view.main).find(u => u.name === 'relu/threshold')!;
    const card = describeUnit(model, view, threshold);
    expect(card.title).toBe('relu/threshold');
    expect(Object.fromEntries(card.rows)).toMatchObject({
      scope: '4 ops',
      op: 'VariableV2',
      kind: 'variable',
      inputs: '—',
      output: 'float32_ref scalar',
      cell: 'cell-4',
      value: '0'
    });
    const max = describeUnit(model, view, leafUnits(view.main).find(u => u.name === 'relu/max')!);
    expect(Object.fromEntries(max.rows).inputs).toBe('relu/z:0, relu/threshold/read:0');
  });

  test('a series card lists its members', () => {
    const model = new GraphModel(chapterGraph('five_relus'));
    const view = model.view(new Set());
    const series = view.main.find(u => u.kind === 'series')!;
    expect(displayName(series)).toBe('relu[0-4]');
    expect(Object.fromEntries(describeUnit(model, view, series).rows).members).toBe(
      'relu, relu_1, relu_2, relu_3, relu_4'
    );
  });
});

describe('shapes', () => {
  test('labels and widths', () => {
    expect(formatShape([null, 3])).toBe('?×3');
    expect(formatShape(null)).toBe('?');
    expect(formatShape([])).toBe('scalar');
    expect(edgeWidth([[1000, 1000]])).toBeGreaterThan(edgeWidth([[9, 1]]));
    expect(edgeWidth([[9, 1]])).toBeGreaterThan(edgeWidth([[null, 1]]));
    expect(edgeWidth([[1e9]])).toBe(6);
  });
});
