/**
 * The graph as the renderer sees it: a document plus which groups are expanded. Which
 * boxes exist and which go aside is the document's structure (decided in Python); this
 * only unfolds it and lifts op edges to the drawn boxes. Pure logic with no DOM.
 *
 *   const model = new GraphModel(parseGraphDocument(data));
 *   model.view(new Set(['series:relu[0-4]'])).main;   // five relu scope units
 */
import type { IGraphDocument } from './document';
import { IUnitEdge, unitEdges } from './edges';
import { IStructureIndex, indexStructure, IUnit, leafUnits, rootUnits, unitOfOp } from './units';

export interface IGraphView {
  /** Top-level units of the main area (expanded ones carry their children). */
  main: IUnit[];
  /** Collapsed top-level units shown in the auxiliary side area. */
  auxiliary: IUnit[];
  /** Edges between drawn units of the main area. */
  edges: IUnitEdge[];
  /** For each auxiliary unit, the labels of the main units it is wired to. */
  auxiliaryLinks: Map<string, string[]>;
  /** Ids of drawn units that contain a highlighted op. */
  highlighted: Set<string>;
  /** The document (its trace and problem colour the drawing: trace.ts). */
  doc: IGraphDocument;
}

/** Full name as a reader knows it: the op or scope path, or the series label in place. */
export function displayName(unit: IUnit): string {
  if (unit.kind !== 'series') {
    return unit.name;
  }
  const slash = unit.name.lastIndexOf('/');
  return slash < 0 ? unit.label : `${unit.name.slice(0, slash)}/${unit.label}`;
}

export class GraphModel {
  readonly structure: IStructureIndex;
  readonly doc: IGraphDocument;
  private readonly _auxiliary: Set<string>;

  constructor(doc: IGraphDocument) {
    this.doc = doc;
    this.structure = indexStructure(doc);
    this._auxiliary = this.structure.auxiliary;
  }

  isAuxiliary(unitId: string): boolean {
    return this._auxiliary.has(unitId);
  }

  view(expanded: ReadonlySet<string>): IGraphView {
    const top = rootUnits(this.structure, expanded);
    const main = top.filter(u => !this._auxiliary.has(u.id));
    // Side-area units are drawn collapsed, whatever the expansion state says.
    const auxiliary = rootUnits(this.structure, new Set()).filter(u =>
      this._auxiliary.has(u.id)
    );
    const unitOf = unitOfOp([...main, ...auxiliary]);
    const allEdges = unitEdges(this.structure.nodes, unitOf);
    const auxIds = new Set(auxiliary.map(u => u.id));
    const labelOf = new Map(leafUnits(main).map(u => [u.id, displayName(u)]));
    const auxiliaryLinks = new Map<string, string[]>(
      auxiliary.map(u => [u.id, []])
    );
    const edges: IUnitEdge[] = [];
    for (const edge of allEdges) {
      const srcAux = auxIds.has(edge.source);
      const dstAux = auxIds.has(edge.target);
      if (!srcAux && !dstAux) {
        edges.push(edge);
      } else if (srcAux !== dstAux) {
        const aux = srcAux ? edge.source : edge.target;
        const other = labelOf.get(srcAux ? edge.target : edge.source)!;
        const links = auxiliaryLinks.get(aux)!;
        if (!links.includes(other)) {
          links.push(other);
        }
      }
    }
    const highlightSet = new Set(this.doc.highlight);
    const highlighted = new Set<string>();
    const mark = (units: IUnit[]) => {
      for (const u of units) {
        if (u.ops.some(op => highlightSet.has(op))) {
          highlighted.add(u.id);
        }
        mark(u.children);
      }
    };
    mark(main);
    mark(auxiliary);
    return { main, auxiliary, edges, auxiliaryLinks, highlighted, doc: this.doc };
  }
}
