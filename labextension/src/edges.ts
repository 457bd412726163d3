/**
 * Edges between drawn units: every op-level edge whose ends fall in two different
 * units becomes (part of) one unit edge; data and control edges stay apart.
 *
 *   const edges = unitEdges(index.nodes, unitOfOp(units));
 *   edges[0].tensors[0].shape;   // [null, 3]
 */
import { IGraphNode, ITensorInfo, parseTensorName } from './document';

export interface IEdgeTensor extends ITensorInfo {
  /** "producer:index" */
  name: string;
}

export interface IUnitEdge {
  id: string;
  source: string;
  target: string;
  control: boolean;
  /** The distinct tensors carried (empty for control edges). */
  tensors: IEdgeTensor[];
}

export function unitEdges(
  nodes: ReadonlyMap<string, IGraphNode>,
  unitOf: ReadonlyMap<string, string>
): IUnitEdge[] {
  const edges = new Map<string, IUnitEdge>();
  const edgeFor = (source: string, target: string, control: boolean) => {
    const id = `${source}${control ? ' ~> ' : ' -> '}${target}`;
    let edge = edges.get(id);
    if (!edge) {
      edge = { id, source, target, control, tensors: [] };
      edges.set(id, edge);
    }
    return edge;
  };
  for (const node of nodes.values()) {
    const target = unitOf.get(node.name);
    if (target === undefined) {
      continue;
    }
    for (const input of node.inputs) {
      const { producer, index } = parseTensorName(input);
      const source = unitOf.get(producer);
      if (source === undefined || source === target) {
        continue;
      }
      const edge = edgeFor(source, target, false);
      if (!edge.tensors.some(t => t.name === input)) {
        const info = nodes.get(producer)!.outputs[index] ?? {
          dtype: '?',
          shape: null
        };
        edge.tensors.push({ name: input, ...info });
      }
    }
    for (const producer of node.control_inputs) {
      const source = unitOf.get(producer);
      if (source !== undefined && source !== target) {
        edgeFor(source, target, true);
      }
    }
  }
  return [...edges.values()];
}
