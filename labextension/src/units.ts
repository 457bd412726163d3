/**
 * Units: what is drawn as one box for a given set of expanded scopes and series.
 * A collapsed scope or series stands for every op inside it; an expanded one is a
 * container whose children are units again.
 *
 *   const units = rootUnits(structure, new Set(['scope:loss']));
 *   units.map(u => u.label);   // ['X', 'theta', 'loss', ...]
 */
import type { NodeKind } from './document';
import { IScopeTree, lastComponent, opsUnder } from './scopes';
import type { ISeries } from './series';

export type UnitKind = 'op' | 'scope' | 'series';

export interface IUnit {
  /** 'op:<name>', 'scope:<path>' or the series id. */
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
  /** Number of scopes stacked in a series, 0 otherwise. */
  seriesSize: number;
}

export interface IStructure {
  tree: IScopeTree;
  series: ISeries[];
}

export function opUnitId(name: string): string {
  return `op:${name}`;
}

export function scopeUnitId(path: string): string {
  return `scope:${path}`;
}

function opUnit(structure: IStructure, name: string): IUnit {
  const node = structure.tree.nodes.get(name)!;
  return {
    id: opUnitId(name),
    kind: 'op',
    name,
    label: lastComponent(name),
    nodeKind: node.kind,
    opType: node.op,
    expandable: false,
    expanded: false,
    children: [],
    ops: [name],
    seriesSize: 0
  };
}

function scopeUnit(
  structure: IStructure,
  path: string,
  expanded: ReadonlySet<string>
): IUnit {
  const id = scopeUnitId(path);
  const scope = structure.tree.scopes.get(path)!;
  const own = scope.ownOp ? structure.tree.nodes.get(scope.ownOp)! : null;
  const isExpanded = expanded.has(id);
  return {
    id,
    kind: 'scope',
    name: path,
    label: scope.name,
    nodeKind: own ? own.kind : null,
    opType: own ? own.op : null,
    expandable: true,
    expanded: isExpanded,
    children: isExpanded ? scopeContents(structure, path, expanded, true) : [],
    ops: opsUnder(structure.tree, path),
    seriesSize: 0
  };
}

function seriesUnit(
  structure: IStructure,
  series: ISeries,
  expanded: ReadonlySet<string>
): IUnit {
  const isExpanded = expanded.has(series.id);
  return {
    id: series.id,
    kind: 'series',
    name: series.path,
    label: series.label,
    nodeKind: null,
    opType: null,
    expandable: true,
    expanded: isExpanded,
    children: isExpanded
      ? series.members.map(m => scopeUnit(structure, m, expanded))
      : [],
    ops: series.members.flatMap(m => opsUnder(structure.tree, m)),
    seriesSize: series.members.length
  };
}

/** The units directly inside a scope ('' = the whole graph). */
export function scopeContents(
  structure: IStructure,
  path: string,
  expanded: ReadonlySet<string>,
  includeOwnOp = false
): IUnit[] {
  const scope = structure.tree.scopes.get(path)!;
  const units: IUnit[] = [];
  if (includeOwnOp && scope.ownOp) {
    units.push(opUnit(structure, scope.ownOp));
  }
  const inSeries = new Set<string>();
  for (const series of structure.series) {
    if (series.parent === path) {
      series.members.forEach(m => inSeries.add(m));
      units.push(seriesUnit(structure, series, expanded));
    }
  }
  for (const child of scope.childScopes) {
    if (!inSeries.has(child)) {
      units.push(scopeUnit(structure, child, expanded));
    }
  }
  for (const op of scope.ops) {
    units.push(opUnit(structure, op));
  }
  return units;
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
