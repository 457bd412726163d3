/**
 * The text of the hover card for a drawn unit: op type, full name, inputs, dtype and
 * shape, defining cell and (for small variables) value. Pure data, no DOM.
 *
 *   describeUnit(model, view, unit).rows;   // [['op', 'VariableV2'], ['cell', 'cell-4'], ...]
 */
import type { IGraphNode } from './document';
import { displayName, GraphModel, IGraphView } from './model';
import { formatShape } from './shapes';
import type { IUnit } from './units';

export interface ICard {
  title: string;
  rows: [string, string][];
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
  const { tree, series } = model.structure;
  const rows: [string, string][] = [];
  if (unit.kind === 'op') {
    rows.push(...opRows(tree.nodes.get(unit.name)!));
  } else if (unit.kind === 'scope') {
    rows.push(['scope', `${unit.ops.length} ops`]);
    const own = tree.scopes.get(unit.name)!.ownOp;
    if (own) {
      rows.push(...opRows(tree.nodes.get(own)!));
    }
  } else {
    const members = series.find(s => s.id === unit.id)!.members;
    rows.push(['series', `${members.length} scopes of the same structure`]);
    rows.push(['members', members.join(', ')]);
  }
  const links = view.auxiliaryLinks.get(unit.id);
  if (links) {
    rows.push(['connected to', links.length ? links.join(', ') : '—']);
  }
  return { title: displayName(unit), rows };
}
