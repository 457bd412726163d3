/**
 * Positions for a graph view: the main area is laid out by ELK's layered (Sugiyama)
 * algorithm with expanded scopes as compound nodes; auxiliary units are stacked in a
 * column on the right. All coordinates are absolute. No DOM: runs in Node for tests.
 *
 *   const layout = await layoutView(model.view(new Set()));
 *   layout.nodes.find(n => n.unit.label === 'relu[0-4]')!.y;
 */
import type { ELK, ElkExtendedEdge, ElkNode } from 'elkjs/lib/elk-api';
import type { IUnitEdge } from './edges';
import type { IGraphView } from './model';
import { edgeLabel, edgeWidth } from './shapes';
import type { IUnit } from './units';

export interface IPoint {
  x: number;
  y: number;
}

export interface IBox extends IPoint {
  width: number;
  height: number;
}

export interface ILaidOutNode extends IBox {
  unit: IUnit;
  area: 'main' | 'auxiliary';
  /** Nesting depth inside expanded scopes (0 = top level). */
  depth: number;
}

export interface ILaidOutEdge {
  edge: IUnitEdge;
  points: IPoint[];
  label: string;
  labelBox: IBox | null;
  strokeWidth: number;
}

export interface ILayout {
  width: number;
  height: number;
  nodes: ILaidOutNode[];
  edges: ILaidOutEdge[];
  /** Where the auxiliary column is drawn, null when there is none. */
  auxiliaryArea: IBox | null;
}

/** Approximate text width at the renderer's 11px font, so layout needs no DOM. */
export const CHAR_WIDTH = 6.6;
const LABEL_HEIGHT = 14;
const CONTAINER_PADDING = '[top=30,left=14,bottom=14,right=14]';
const AUX_GAP = 56;
const AUX_SPACING = 14;
const AUX_HEADER = 28;

export function unitSize(unit: IUnit): { width: number; height: number } {
  const text = unit.label.length * CHAR_WIDTH;
  switch (unit.kind) {
    case 'op':
      return unit.nodeKind === 'constant'
        ? { width: Math.max(28, text + 16), height: 20 }
        : { width: Math.max(44, text + 28), height: 26 };
    case 'scope':
      return { width: Math.max(60, text + 32), height: 32 };
    case 'series':
      return { width: Math.max(72, text + 40), height: 40 };
  }
}

function elkNode(unit: IUnit): ElkNode {
  if (unit.expanded) {
    return {
      id: unit.id,
      layoutOptions: { 'elk.padding': CONTAINER_PADDING },
      children: unit.children.map(elkNode)
    };
  }
  return { id: unit.id, ...unitSize(unit) };
}

function elkEdge(edge: IUnitEdge, withLabel: boolean): ElkExtendedEdge {
  const label = edge.control || !withLabel ? '' : edgeLabel(edge.tensors.map(t => t.shape));
  return {
    id: edge.id,
    sources: [edge.source],
    targets: [edge.target],
    labels: label
      ? [{ text: label, width: label.length * CHAR_WIDTH, height: LABEL_HEIGHT }]
      : []
  };
}

const ROOT_OPTIONS = {
  'elk.algorithm': 'layered',
  'elk.direction': 'DOWN',
  'elk.hierarchyHandling': 'INCLUDE_CHILDREN',
  'elk.layered.spacing.nodeNodeBetweenLayers': '36',
  'elk.spacing.nodeNode': '22',
  'elk.spacing.edgeLabel': '2',
  'elk.edgeLabels.placement': 'CENTER',
  'elk.layered.nodePlacement.strategy': 'NETWORK_SIMPLEX',
  'elk.padding': '[top=12,left=12,bottom=12,right=12]',
  // Absolute coordinates for every shape and edge, whatever its container.
  'elk.json.shapeCoords': 'ROOT',
  'elk.json.edgeCoords': 'ROOT'
};

/**
 * Past this many edges (an expanded 200-op series of my_func's graph has 600) ELK's defaults
 * take seconds: such views get a faster placement and routing and no edge labels (each label is
 * a node to ELK; the hover card and the edge's data-jf-shape still give the shapes).
 */
export const BIG_VIEW_EDGES = 150;
const BIG_VIEW_OPTIONS = {
  'elk.layered.nodePlacement.strategy': 'BRANDES_KOEPF',
  'elk.layered.thoroughness': '1',
  'elk.layered.crossingMinimization.greedySwitch.type': 'OFF',
  'elk.edgeRouting': 'POLYLINE'
};

let elk: Promise<ELK> | null = null;

/** ELK is 1.4 MB: loaded on first use so JupyterLab starts without it. */
function layoutEngine(): Promise<ELK> {
  elk ??= import('elkjs/lib/elk.bundled.js').then(m => new m.default());
  return elk;
}

function collectNodes(
  elkNodes: ElkNode[] | undefined,
  units: Map<string, IUnit>,
  depth: number,
  out: ILaidOutNode[]
): void {
  for (const n of elkNodes ?? []) {
    out.push({
      unit: units.get(n.id)!,
      area: 'main',
      depth,
      x: n.x ?? 0,
      y: n.y ?? 0,
      width: n.width ?? 0,
      height: n.height ?? 0
    });
    collectNodes(n.children, units, depth + 1, out);
  }
}

function indexUnits(units: IUnit[], map: Map<string, IUnit>): Map<string, IUnit> {
  for (const u of units) {
    map.set(u.id, u);
    indexUnits(u.children, map);
  }
  return map;
}

export async function layoutView(view: IGraphView): Promise<ILayout> {
  const big = view.edges.length > BIG_VIEW_EDGES;
  const graph: ElkNode = {
    id: 'root',
    layoutOptions: big ? { ...ROOT_OPTIONS, ...BIG_VIEW_OPTIONS } : ROOT_OPTIONS,
    children: view.main.map(elkNode),
    edges: view.edges.map(e => elkEdge(e, !big))
  };
  const laid = await (await layoutEngine()).layout(graph);
  const nodes: ILaidOutNode[] = [];
  collectNodes(laid.children, indexUnits(view.main, new Map()), 0, nodes);
  const edgeById = new Map(view.edges.map(e => [e.id, e]));
  const edges: ILaidOutEdge[] = (laid.edges ?? []).map(e => {
    const edge = edgeById.get(e.id)!;
    const points: IPoint[] = [];
    for (const s of e.sections ?? []) {
      points.push(s.startPoint, ...(s.bendPoints ?? []), s.endPoint);
    }
    const label = e.labels?.[0];
    return {
      edge,
      points,
      label: label?.text ?? (edge.control ? '' : edgeLabel(edge.tensors.map(t => t.shape))),
      labelBox: label
        ? {
            x: label.x ?? 0,
            y: label.y ?? 0,
            width: label.width ?? 0,
            height: label.height ?? 0
          }
        : null,
      strokeWidth: edge.control ? 1 : edgeWidth(edge.tensors.map(t => t.shape))
    };
  });
  let width = laid.width ?? 0;
  let height = laid.height ?? 0;
  let auxiliaryArea: IBox | null = null;
  if (view.auxiliary.length > 0) {
    const x = width + AUX_GAP;
    let y = 12 + AUX_HEADER;
    let columnWidth = 0;
    for (const unit of view.auxiliary) {
      const size = unitSize(unit);
      nodes.push({ unit, area: 'auxiliary', depth: 0, x: x + 12, y, ...size });
      y += size.height + AUX_SPACING;
      columnWidth = Math.max(columnWidth, size.width);
    }
    auxiliaryArea = { x, y: 12, width: columnWidth + 24, height: y - 12 };
    width = x + auxiliaryArea.width + 12;
    height = Math.max(height, y + 12);
  }
  return { width, height, nodes, edges, auxiliaryArea };
}
