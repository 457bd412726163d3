import { existsSync, readFileSync } from 'fs';
import { join } from 'path';
import { describe, expect, test } from 'vitest';
import { describeUnit } from '../src/card';
import { parseGraphDocument } from '../src/document';
import { GraphModel } from '../src/model';
import { formatMicros, heatColour, topLines, traceRows, traceStyle } from '../src/trace';
import { leafUnits } from '../src/units';
import { chapterGraph, GALLERY_DIR } from './fixtures';

// A chapter graph with a hand-written trace, as notebook/graph_trace.py writes it.
function tracedChapterGraph(): Record<string, unknown> {
  const doc = JSON.parse(
    readFileSync(join(__dirname, 'fixtures', 'linear_regression_with_loss_scope.json'), 'utf8')
  );
  doc.trace = {
    runs: 2,
    total_micros: 400,
    units: {
      'op:predictions': { state: 'computed', micros: 300, calls: 2, share: 0.75, heat: 1 },
      'scope:loss': { state: 'computed', micros: 100, calls: 8, share: 0.25, heat: 0.25 },
      'op:X': { state: 'input', micros: 0, calls: 0, share: 0, heat: 0 },
      'op:init': { state: 'not_needed', micros: 0, calls: 0, share: 0, heat: 0 }
    },
    top: [{ name: 'predictions', op: 'MatMul', micros: 300, calls: 2, per_call_micros: 150, share: 0.75 }]
  };
  doc.problem = { node: 'loss/mse', message: "'loss/mse' (op Mean) produced float32 []: 1 NaN" };
  return doc;
}

describe('trace colours', () => {
  test('heat maps pale to deep on the square-root ramp the static SVG uses', () => {
    // graph_svg.heat_colour(0), (0.25), (0.36), (1) in Python give the same strings.
    expect(heatColour(0)).toBe('#fff3e0');
    expect(heatColour(0.25)).toBe('#ec9b7b');
    expect(heatColour(0.36)).toBe('#e88966');
    expect(heatColour(1)).toBe('#d84315');
    expect(heatColour(7)).toBe('#d84315');
  });

  test('units get the state and fill the document gives; the problem node is marked', () => {
    const doc = parseGraphDocument(tracedChapterGraph());
    expect(traceStyle(doc, 'op:predictions', ['predictions'])).toEqual({
      state: 'computed',
      fill: '#d84315',
      problem: false
    });
    expect(traceStyle(doc, 'op:X', ['X'])).toEqual({ state: 'input', fill: null, problem: false });
    expect(traceStyle(doc, 'op:init', ['init']).state).toBe('not_needed');
    expect(traceStyle(doc, 'scope:loss', ['loss/sub', 'loss/mse']).problem).toBe(true);
    // Without a trace nothing changes.
    const plain = chapterGraph('linear_regression_with_loss_scope');
    expect(traceStyle(plain, 'op:predictions', ['predictions'])).toEqual({ state: null, fill: null, problem: false });
  });

  test('hover cards show the time, per call and rank; the list names the slowest nodes', () => {
    const doc = parseGraphDocument(tracedChapterGraph());
    const model = new GraphModel(doc);
    const view = model.view(new Set());
    const unit = leafUnits(view.main).find(u => u.id === 'op:predictions')!;
    const rows = describeUnit(model, view, unit).rows;
    expect(rows).toContainEqual(['run', 'computed']);
    expect(rows).toContainEqual(['time', '300.0 µs (75.0%), 2 calls, 150.0 µs per call']);
    expect(rows).toContainEqual(['slowest', '#1 of the run']);
    expect(traceRows(doc, 'scope:loss', ['loss/mse'])).toContainEqual([
      'problem',
      "'loss/mse' (op Mean) produced float32 []: 1 NaN"
    ]);
    expect(topLines(doc)).toEqual(['predictions (MatMul) 300.0 µs, 75.0%, 2 calls of 150.0 µs']);
    expect(formatMicros(1234.5)).toBe('1.234 ms');
  });

  test('a trace or problem that breaks the contract is refused, naming the field', () => {
    const bad = tracedChapterGraph();
    (bad.trace as { units: Record<string, { state: string }> }).units['op:X'].state = 'slow';
    expect(() => parseGraphDocument(bad)).toThrow('trace.units["op:X"].state must be one of');
    const lost = tracedChapterGraph();
    (lost.problem as { node: string }).node = 'nowhere';
    expect(() => parseGraphDocument(lost)).toThrow('"problem" must be an object whose "node" names a node');
  });
});

const TRACED_MLP = join(GALLERY_DIR, 'mlp_traced.json');

describe.skipIf(GALLERY_DIR === '' || !existsSync(TRACED_MLP))('a real traced run (Python computed it)', () => {
  test('every drawn unit of the traced MLP has a state; the data path is computed, the init aside not', () => {
    const doc = parseGraphDocument(JSON.parse(readFileSync(TRACED_MLP, 'utf8')));
    const view = new GraphModel(doc).view(new Set(['scope:dnn']));
    const states = new Map(leafUnits([...view.main, ...view.auxiliary]).map(u => [u.id, traceStyle(doc, u.id, u.ops)]));
    for (const [id, style] of states) {
      expect(style.state, id).not.toBeNull();
    }
    expect(states.get('scope:dnn/hidden1')!.state).toBe('computed');
    expect(states.get('scope:dnn/hidden1')!.fill).toMatch(/^#[0-9a-f]{6}$/);
    expect(states.get('op:X')!.state).toBe('input');
    expect(states.get('op:init')!.state).toBe('not_needed');
    expect(states.get('scope:loss')!.problem).toBe(true);
    expect(doc.trace!.top.length).toBe(10);
  });
});
