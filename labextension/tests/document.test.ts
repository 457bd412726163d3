import { describe, expect, test } from 'vitest';
import { parseGraphDocument, parseTensorName } from '../src/document';
import { chapterGraph } from './fixtures';

const node = (name: string, extra: Record<string, unknown> = {}) => ({
  name,
  op: 'Const',
  kind: 'constant',
  inputs: [],
  control_inputs: [],
  outputs: [{ dtype: 'float32', shape: [] }],
  cell: null,
  ...extra
});

const EMPTY = { groups: [], roots: [], auxiliary: [] };

describe('parseGraphDocument', () => {
  test('accepts the chapter graphs and keeps values of small variables', () => {
    const doc = chapterGraph('five_relus');
    const threshold = doc.nodes.find(n => n.name === 'relu/threshold')!;
    expect(threshold.kind).toBe('variable');
    expect(threshold.value).toEqual({ dtype: 'float32', shape: [], data: 0 });
    expect(doc.highlight).toContain('output');
  });

  test.each([
    [{ version: 1, nodes: [] }, 'document version 1 is not supported'],
    [{ version: 2, structure: EMPTY, nodes: [node('a'), node('a')] }, 'node name "a" appears twice'],
    [
      { version: 2, structure: EMPTY, nodes: [node('a', { inputs: ['b:0'] })] },
      'node "a" reads "b:0" but no node "b" is in the document'
    ],
    [
      { version: 2, structure: EMPTY, nodes: [node('a', { control_inputs: ['init'] })] },
      'node "a" has control input "init" which is not in the document'
    ],
    [{ version: 2, structure: EMPTY, nodes: [node('a', { kind: 'tensor' })] }, 'node "a": "kind" must be one of'],
    [
      { version: 2, structure: EMPTY, nodes: [node('a', { outputs: [{ dtype: 'float32', shape: [-1] }] })] },
      'node "a": outputs[0].shape must be null'
    ],
    [{ version: 2, structure: EMPTY, nodes: [node('a')], highlight: ['b'] }, '"highlight" names "b"'],
    [
      { version: 2, nodes: [node('a')], structure: { ...EMPTY, roots: ['op:b'] } },
      'structure names "op:b" which is neither a node nor a group'
    ],
    [{ version: 2, nodes: [node('a')] }, '"structure" must be an object'],
    ['not a graph', 'the MIME value must be a JSON object']
  ])('rejects %j naming the culprit', (data, message) => {
    expect(() => parseGraphDocument(data)).toThrow(message);
  });

  test('splits tensor names at the last colon', () => {
    expect(parseTensorName('relu/threshold/read:0')).toEqual({
      producer: 'relu/threshold/read',
      index: 0
    });
    expect(() => parseTensorName('relu')).toThrow('producer_op_name:output_index');
  });
});
