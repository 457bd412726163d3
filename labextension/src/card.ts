/**
 * The text of the hover card for a drawn unit: op type, full name, inputs, dtype and
 * shape, defining cell and (for small variables) value. Pure data, no DOM.
 *
 *   describeUnit(model, view, unit).rows;   // [['op', 'VariableV2'], ['cell', 'cell-4'], ...]
 */
import type { IDefinedIn, IGraphNode } from './document';
import { displayName, GraphModel, IGraphView } from './model';
import { formatShape } from './shapes';
import { traceRows } from './trace';
import type { IUnit } from './units';

export interface ICard {
  title: string;
  rows: [string, string][];
  /** The line of code that made the op (for a group: its own op, or its first op). */
  definedIn: IDefinedIn | null;
}

/** "cell 'mlp', line 7: hidden2 = tf.layers.dense(...)" (the place is named by the Python side). */
export function definedInText(where: IDefinedIn): string {
  return `${where.place}, line ${where.line}${where.text ? `: ${where.text}` : ''}`;
}

/** Longest value text shown; larger values are cut with an ellipsis. */
export const VALUE_TEXT_LIMIT = 240;

export function formatValue(node: IGraphNode): string | null {
  if (!node.value) {
    return null;
  }
  const text = JSON.stringify(node.value.data);
  return text.length > VALUE_TEXT_LIMIT ? text.slice(0, VALUE_TEXT_LIMIT - 1) + '…' : text;
}

function opRows(node: IGraphNode): [string, string][] {
  const rows: [string, string][] = [
    ['op', node.op],
    ['kind', node.kind]
  ];
  const inputs = [...node.inputs, ...node.control_inputs.map(c => `^${c}`)];
  rows.push(['inputs', inputs.length ? inputs.join(', ') : '—']);
  node.outputs.forEach((out, i) => {
    rows.push([
      node.outputs.length > 1 ? `output ${i}` : 'output',
      `${out.dtype} ${formatShape(out.shape)}`
    ]);
  });
  rows.push(['cell', node.cell ?? '—']);
  const value = formatValue(node);
  if (value !== null) {
    rows.push(['value', value]);
  }
  return rows;
}

export function describeUnit(model: GraphModel, view: IGraphView, unit: IUnit): ICard {
  const { nodes, groups } = model.structure;
  const rows: [string, string][] = [];
  let definedIn: IDefinedIn | null = null;
  if (unit.kind === 'op') {
    const node = nodes.get(unit.name)!;
    rows.push(...opRows(node));
    definedIn = node.defined_in ?? null;
  } else if (unit.kind === 'scope') {
    rows.push(['scope', `${unit.ops.length} ops`]);
    const own = groups.get(unit.id)!.children.find(c => c === `op:${unit.name}`);
    if (own) {
      rows.push(...opRows(nodes.get(unit.name)!));
    }
  } else {
    const members = groups.get(unit.id)!.children.map(c => c.replace(/^(op|scope):/, ''));
    rows.push(['series', `${members.length} of the same structure`]);
    rows.push(['members', members.join(', ')]);
  }
  if (definedIn === null) {
    // A layer or scope: the line that made an op directly inside it (the layer's MatMul, not
    // an initializer or optimizer slot of its variables), else its first op that has one.
    const direct = (groups.get(unit.id)?.children ?? [])
      .filter(c => c.startsWith('op:'))
      .map(c => nodes.get(c.slice(3))!);
    const all = unit.ops.map(op => nodes.get(op)!);
    const first =
      direct.find(n => n.kind === 'op' && n.defined_in) ??
      all.find(n => n.kind === 'op' && n.defined_in) ??
      all.find(n => n.defined_in);
    definedIn = first?.defined_in ?? null;
  }
  if (definedIn !== null) {
    rows.push(['defined in', definedInText(definedIn)]);
  }
  rows.push(...traceRows(model.doc, unit.id, unit.ops));
  const links = view.auxiliaryLinks.get(unit.id);
  if (links) {
    rows.push(['connected to', links.length ? links.join(', ') : '—']);
  }
  return { title: displayName(unit), rows, definedIn };
}
