import { describe, expect, test } from 'vitest';
import { parseGraphDocument } from '../src/document';
import { buildScopeTree, opsUnder } from '../src/scopes';
import { findSeries, seriesLabel, splitIndexedName } from '../src/series';
import { chapterGraph } from './fixtures';

describe('scope tree', () => {
  test('an op named like a scope becomes that scope\'s own op', () => {
    const tree = buildScopeTree(chapterGraph('five_relus'));
    const threshold = tree.scopes.get('relu/threshold')!;
    expect(threshold.ownOp).toBe('relu/threshold');
    expect(threshold.ops.sort()).toEqual(['relu/threshold/Assign', 'relu/threshold/read']);
    expect(tree.scopes.get('relu')!.childScopes).toContain('relu/threshold');
    expect(tree.scopeOf.get('relu/threshold')).toBe('relu/threshold');
  });

  test('opsUnder covers every depth', () => {
    const tree = buildScopeTree(chapterGraph('linear_regression_with_loss_scope'));
    expect(opsUnder(tree, 'loss').sort()).toEqual([
      'loss/Const',
      'loss/Square',
      'loss/mse',
      'loss/sub'
    ]);
  });
});

describe('series', () => {
  test('five relu scopes sharing relu/threshold form one series', () => {
    const series = findSeries(buildScopeTree(chapterGraph('five_relus')));
    expect(series).toHaveLength(1);
    expect(series[0]).toMatchObject({
      id: 'series:relu[0-4]',
      path: 'relu',
      members: ['relu', 'relu_1', 'relu_2', 'relu_3', 'relu_4'],
      label: 'relu[0-4]'
    });
  });

  test('a scope built differently is left out of the series', () => {
    const doc = chapterGraph('five_relus');
    doc.nodes.find(n => n.name === 'relu_3/max')!.op = 'Minimum';
    const series = findSeries(buildScopeTree(doc));
    expect(series.map(s => s.members)).toEqual([['relu', 'relu_1', 'relu_2', 'relu_4']]);
    expect(series[0].label).toBe('relu (4)');
  });

  test('scopes with unrelated names are no series', () => {
    const series = findSeries(buildScopeTree(chapterGraph('linear_regression_with_loss_scope')));
    expect(series).toEqual([]);
  });

  test('nested series are found inside their parent scope', () => {
    const nodes = ['net/layer/w', 'net/layer_1/w', 'net/layer_2/w'].map(name => ({
      name,
      op: 'VariableV2',
      kind: 'variable',
      inputs: [],
      control_inputs: [],
      outputs: [],
      cell: null
    }));
    const series = findSeries(buildScopeTree(parseGraphDocument({ version: 1, nodes })));
    expect(series).toMatchObject([{ id: 'series:net/layer[0-2]', parent: 'net', path: 'net/layer' }]);
  });

  test('names and labels', () => {
    expect(splitIndexedName('relu_12')).toEqual({ base: 'relu', index: 12 });
    expect(splitIndexedName('hidden_layer')).toEqual({ base: 'hidden_layer', index: 0 });
    expect(seriesLabel('relu', [2, 0, 1])).toBe('relu[0-2]');
    expect(seriesLabel('relu', [0, 3])).toBe('relu (2)');
  });
});
