/**
 * Units: what is drawn as one box for a given set of expanded groups. The groups (scopes,
 * series, layers with their variables) and their nesting come from the document's
 * structure, computed once by jupyter_flow in Python; here they are only unfolded.
 * A collapsed group stands for every op inside it; an expanded one is a container whose
 * children are units again.
 *
 *   const units = rootUnits(structure, new Set(['scope:dnn']));
 *   units.map(u => u.label);   // ['X', 'dnn', 'loss', ...]
 */
import type { IGraphDocument, IGraphNode, IGroup, NodeKind } from './document';

export type UnitKind = 'op' | 'scope' | 'series';

export interface IUnit {
  /** 'op:<name>', 'scope:<path>' or 'series:<parent/>label'. */
  id: string;
  kind: UnitKind;
  /** Op name, scope path or series path. */
  name: string;
  label: string;
  /** Kind of the op (or of the scope's own op, e.g. a variable with its Assign/read). */
  nodeKind: NodeKind | null;
  /** Op type for ops and for scopes that have an own op. */
  opType: string | null;
  expandable: boolean;
  expanded: boolean;
  children: IUnit[];
  /** Every op this unit stands for. */
  ops: string[];
  /** Number of members stacked in a series, 0 otherwise. */
  seriesSize: number;
}

/** The document's nodes and groups, indexed once. */
export interface IStructureIndex {
  nodes: Map<string, IGraphNode>;
  groups: Map<string, IGroup>;
  roots: string[];
  auxiliary: Set<string>;
  /** Every op under each group, at any depth. */
  opsOf: Map<string, string[]>;
}

export function lastComponent(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

export function indexStructure(doc: IGraphDocument): IStructureIndex {
  const nodes = new Map(doc.nodes.map(n => [n.name, n]));
  const groups = new Map(doc.structure.groups.map(g => [g.id, g]));
  const opsOf = new Map<string, string[]>();
  const collect = (id: string): string[] => {
    if (id.startsWith('op:')) {
      return [id.slice(3)];
    }
    let ops = opsOf.get(id);
    if (!ops) {
      ops = groups.get(id)!.children.flatMap(collect);
      opsOf.set(id, ops);
    }
    return ops;
  };
  groups.forEach((_, id) => collect(id));
  return {
    nodes,
    groups,
    roots: doc.structure.roots,
    auxiliary: new Set(doc.structure.auxiliary),
    opsOf
  };
}

function unitFor(
  index: IStructureIndex,
  id: string,
  expanded: ReadonlySet<string>
): IUnit {
  if (id.startsWith('op:')) {
    const node = index.nodes.get(id.slice(3))!;
    return {
      id,
      kind: 'op',
      name: node.name,
      label: lastComponent(node.name),
      nodeKind: node.kind,
      opType: node.op,
      expandable: false,
      expanded: false,
      children: [],
      ops: [node.name],
      seriesSize: 0
    };
  }
  const group = index.groups.get(id)!;
  const isExpanded = expanded.has(id);
  return {
    id,
    kind: group.kind,
    name: group.name,
    label: group.label,
    nodeKind: group.node_kind,
    opType: group.op_type,
    expandable: true,
    expanded: isExpanded,
    children: isExpanded
      ? group.children.map(c => unitFor(index, c, expanded))
      : [],
    ops: index.opsOf.get(id)!,
    seriesSize: group.series_size
  };
}

/** The top-level units, unfolded as far as `expanded` says. */
export function rootUnits(
  index: IStructureIndex,
  expanded: ReadonlySet<string>
): IUnit[] {
  return index.roots.map(id => unitFor(index, id, expanded));
}

/** Units that are drawn as boxes with no visible children (collapsed or plain ops). */
export function leafUnits(units: IUnit[]): IUnit[] {
  return units.flatMap(u => (u.expanded ? leafUnits(u.children) : [u]));
}

/** Map each op to the id of the drawn unit that stands for it. */
export function unitOfOp(units: IUnit[]): Map<string, string> {
  const map = new Map<string, string>();
  for (const unit of leafUnits(units)) {
    for (const op of unit.ops) {
      map.set(op, unit.id);
    }
  }
  return map;
}
