/**
 * Which top-level units go to the auxiliary side area, as TensorBoard does, so that
 * hubs wired to everything (the initializer, gradients, savers) do not tangle the main
 * graph. A unit goes aside when it is TF1 bookkeeping by name (init, save, gradients,
 * ...) or, in graphs of HUB_MIN_UNITS or more units, a degree outlier; placeholders, variables and constants always stay
 * in the main graph because the data flow starts there.
 *
 *   auxiliaryUnits(units, edges);   // Set { 'op:init' }
 */
import type { NodeKind } from './document';
import type { IUnitEdge } from './edges';
import { lastComponent } from './scopes';
import { splitIndexedName } from './series';
import type { IUnit } from './units';

/** Names TF1 gives to graph bookkeeping (suffixes like _1 are ignored). */
export const BOOKKEEPING_NAMES: ReadonlySet<string> = new Set([
  'init',
  'save',
  'gradients',
  'restore_all',
  'report_uninitialized_variables'
]);

/** A unit with at least this many neighbours, and twice the median, is a hub. */
export const HUB_MIN_NEIGHBOURS = 4;
/** Below this many top-level units the degree rule stays off, as in TensorBoard. */
export const HUB_MIN_UNITS = 10;

const SOURCE_KINDS: ReadonlySet<NodeKind> = new Set([
  'placeholder',
  'variable',
  'constant'
]);

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export function auxiliaryUnits(units: IUnit[], edges: IUnitEdge[]): Set<string> {
  const neighbours = new Map(units.map(u => [u.id, new Set<string>()]));
  for (const edge of edges) {
    neighbours.get(edge.source)?.add(edge.target);
    neighbours.get(edge.target)?.add(edge.source);
  }
  const counts = units.map(u => neighbours.get(u.id)!.size);
  const hubThreshold = Math.max(HUB_MIN_NEIGHBOURS, 2 * median(counts));
  const aside = new Set<string>();
  for (const unit of units) {
    if (unit.nodeKind !== null && SOURCE_KINDS.has(unit.nodeKind)) {
      continue;
    }
    const base = splitIndexedName(lastComponent(unit.name)).base;
    const isHub =
      units.length >= HUB_MIN_UNITS && neighbours.get(unit.id)!.size >= hubThreshold;
    if (BOOKKEEPING_NAMES.has(base) || isHub) {
      aside.add(unit.id);
    }
  }
  // A graph made only of bookkeeping still needs something in the main area.
  return aside.size === units.length ? new Set() : aside;
}
