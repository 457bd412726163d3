/**
 * The JSON contract between jupyter_flow's Python side and this renderer:
 * the value of the `application/vnd.jupyter-flow.graph+json` MIME type.
 *
 *   const doc = parseGraphDocument(model.data[MIME_TYPE]);
 *   doc.nodes.map(n => n.name);   // ['x', 'y', 'mul', ...]
 */

export const MIME_TYPE = 'application/vnd.jupyter-flow.graph+json';
export const SUPPORTED_VERSION = 2;

export type NodeKind = 'variable' | 'placeholder' | 'constant' | 'op';
const NODE_KINDS: ReadonlySet<string> = new Set([
  'variable',
  'placeholder',
  'constant',
  'op'
]);

/** Static shape: one entry per dimension (null = unknown), or null for unknown rank. */
export type StaticShape = (number | null)[] | null;

export interface ITensorInfo {
  dtype: string;
  shape: StaticShape;
}

export interface IValue {
  dtype: string;
  shape: number[];
  data: unknown;
}

/** Where an op was made: a cell (label and front-end id) and line, or a file and line. */
export interface IDefinedIn {
  /** "cell 'mlp'", "a notebook cell" or a file name. */
  place: string;
  line: number;
  text: string;
  cell?: string;
  cell_id?: string | null;
  file?: string;
}

export interface IGraphNode {
  name: string;
  op: string;
  kind: NodeKind;
  /** Data inputs as "producer_op_name:output_index". */
  inputs: string[];
  /** Producer op names. */
  control_inputs: string[];
  outputs: ITensorInfo[];
  cell: string | null;
  defined_in?: IDefinedIn | null;
  value?: IValue;
}

/** A box that holds other boxes: a name scope or a series, as the Python side decided. */
export interface IGroup {
  id: string;
  kind: 'scope' | 'series';
  name: string;
  label: string;
  parent: string | null;
  node_kind: NodeKind | null;
  op_type: string | null;
  series_size: number;
  /** Unit ids inside, in drawing order: groups or 'op:<name>'. */
  children: string[];
}

/** The view structure computed by jupyter_flow (notebook/graph_structure.py). */
export interface IStructure {
  groups: IGroup[];
  /** Top-level unit ids. */
  roots: string[];
  /** Top-level unit ids drawn in the side area (bookkeeping). */
  auxiliary: string[];
}

/** Where one unit stands in a traced run (notebook/graph_trace.py computes it). */
export type TraceState = 'computed' | 'folded' | 'input' | 'not_needed';
const TRACE_STATES: ReadonlySet<string> = new Set(['computed', 'folded', 'input', 'not_needed']);

export interface IUnitTrace {
  state: TraceState;
  /** Self time summed over calls (a scope or series: over its ops). */
  micros: number;
  calls: number;
  /** Of the run's total time. */
  share: number;
  /** 0..1, relative to the slowest op: what the colour shows. */
  heat: number;
}

export interface ITopNode {
  name: string;
  op: string;
  micros: number;
  calls: number;
  per_call_micros: number;
  share: number;
}

/** Optional: the traced runs the view is coloured by (tf.show_graph(run_metadata=...), %%graph --trace). */
export interface ITrace {
  runs: number;
  total_micros: number;
  units: Record<string, IUnitTrace>;
  top: ITopNode[];
}

/** Optional: the node a run failed at (NaN/Inf found by %flow_debug nan on or tf.check_numerics). */
export interface IProblem {
  node: string;
  message: string;
}

export interface IGraphDocument {
  version: number;
  nodes: IGraphNode[];
  highlight: string[];
  structure: IStructure;
  trace?: ITrace;
  problem?: IProblem;
}

/** Raised when the document does not follow the contract; the message names the culprit. */
export class GraphDocumentError extends Error {
  constructor(message: string) {
    super(`jupyter-flow graph: ${message}`);
    this.name = 'GraphDocumentError';
  }
}

/** A data input "name:index" split into its producer and output index. */
export function parseTensorName(input: string): {
  producer: string;
  index: number;
} {
  const colon = input.lastIndexOf(':');
  const index = colon < 0 ? NaN : Number(input.slice(colon + 1));
  if (colon <= 0 || !Number.isInteger(index) || index < 0) {
    throw new GraphDocumentError(
      `input "${input}" is not of the form "producer_op_name:output_index"`
    );
  }
  return { producer: input.slice(0, colon), index };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function stringList(value: unknown, what: string): string[] {
  if (!Array.isArray(value) || value.some(v => typeof v !== 'string')) {
    throw new GraphDocumentError(`${what} must be a list of strings`);
  }
  return value as string[];
}

function parseShape(value: unknown, what: string): StaticShape {
  if (value === null) {
    return null;
  }
  if (
    !Array.isArray(value) ||
    value.some(d => d !== null && !(Number.isInteger(d) && d >= 0))
  ) {
    throw new GraphDocumentError(
      `${what} must be null (unknown rank) or a list of non-negative integers and nulls, got ${JSON.stringify(value)}`
    );
  }
  return value as StaticShape;
}

function parseNode(raw: unknown, position: number): IGraphNode {
  if (!isObject(raw)) {
    throw new GraphDocumentError(`nodes[${position}] must be an object`);
  }
  const name = raw.name;
  if (typeof name !== 'string' || name === '') {
    throw new GraphDocumentError(
      `nodes[${position}].name must be a non-empty string`
    );
  }
  const where = `node "${name}"`;
  if (typeof raw.op !== 'string') {
    throw new GraphDocumentError(`${where}: "op" must be a string`);
  }
  if (typeof raw.kind !== 'string' || !NODE_KINDS.has(raw.kind)) {
    throw new GraphDocumentError(
      `${where}: "kind" must be one of variable, placeholder, constant, op; got ${JSON.stringify(raw.kind)}`
    );
  }
  const outputs = raw.outputs ?? [];
  if (!Array.isArray(outputs)) {
    throw new GraphDocumentError(`${where}: "outputs" must be a list`);
  }
  const cell = raw.cell ?? null;
  if (cell !== null && typeof cell !== 'string') {
    throw new GraphDocumentError(`${where}: "cell" must be a string or null`);
  }
  const node: IGraphNode = {
    name,
    op: raw.op,
    kind: raw.kind as NodeKind,
    inputs: stringList(raw.inputs ?? [], `${where}: "inputs"`),
    control_inputs: stringList(
      raw.control_inputs ?? [],
      `${where}: "control_inputs"`
    ),
    outputs: outputs.map((out, i) => {
      if (!isObject(out) || typeof out.dtype !== 'string') {
        throw new GraphDocumentError(
          `${where}: outputs[${i}] must be an object with a string "dtype"`
        );
      }
      return {
        dtype: out.dtype,
        shape: parseShape(out.shape ?? null, `${where}: outputs[${i}].shape`)
      };
    }),
    cell
  };
  const definedIn = raw.defined_in ?? null;
  if (definedIn !== null) {
    if (
      !isObject(definedIn) ||
      !Number.isInteger(definedIn.line) ||
      typeof definedIn.text !== 'string' ||
      typeof definedIn.place !== 'string'
    ) {
      throw new GraphDocumentError(
        `${where}: "defined_in" must be null or an object with a string "place", an integer "line" and a string "text"`
      );
    }
    node.defined_in = definedIn as unknown as IDefinedIn;
  }
  if (raw.value !== undefined && raw.value !== null) {
    const value = raw.value;
    if (!isObject(value) || typeof value.dtype !== 'string') {
      throw new GraphDocumentError(
        `${where}: "value" must be an object with "dtype", "shape" and "data"`
      );
    }
    node.value = {
      dtype: value.dtype,
      shape: (parseShape(value.shape ?? [], `${where}: value.shape`) ??
        []) as number[],
      data: value.data
    };
  }
  return node;
}

/**
 * Check a MIME value against the contract and return it typed.
 * Throws GraphDocumentError naming the node or field at fault.
 */
export function parseGraphDocument(data: unknown): IGraphDocument {
  if (!isObject(data)) {
    throw new GraphDocumentError('the MIME value must be a JSON object');
  }
  if (data.version !== SUPPORTED_VERSION) {
    throw new GraphDocumentError(
      `document version ${JSON.stringify(data.version)} is not supported; this renderer reads version ${SUPPORTED_VERSION}. Install matching versions of the jupyter_flow package and its JupyterLab extension.`
    );
  }
  if (!Array.isArray(data.nodes)) {
    throw new GraphDocumentError('"nodes" must be a list');
  }
  const nodes = data.nodes.map(parseNode);
  const names = new Set<string>();
  for (const node of nodes) {
    if (names.has(node.name)) {
      throw new GraphDocumentError(`node name "${node.name}" appears twice`);
    }
    names.add(node.name);
  }
  for (const node of nodes) {
    for (const input of node.inputs) {
      const { producer } = parseTensorName(input);
      if (!names.has(producer)) {
        throw new GraphDocumentError(
          `node "${node.name}" reads "${input}" but no node "${producer}" is in the document`
        );
      }
    }
    for (const producer of node.control_inputs) {
      if (!names.has(producer)) {
        throw new GraphDocumentError(
          `node "${node.name}" has control input "${producer}" which is not in the document`
        );
      }
    }
  }
  const highlight = stringList(data.highlight ?? [], '"highlight"');
  for (const name of highlight) {
    if (!names.has(name)) {
      throw new GraphDocumentError(
        `"highlight" names "${name}" which is not in the document`
      );
    }
  }
  const structure = parseStructure(data.structure, names);
  const doc: IGraphDocument = { version: SUPPORTED_VERSION, nodes, highlight, structure };
  if (data.trace !== undefined && data.trace !== null) {
    doc.trace = parseTrace(data.trace);
  }
  if (data.problem !== undefined && data.problem !== null) {
    const problem = data.problem;
    if (!isObject(problem) || typeof problem.node !== 'string' || !names.has(problem.node)) {
      throw new GraphDocumentError('"problem" must be an object whose "node" names a node of the document');
    }
    doc.problem = { node: problem.node, message: String(problem.message ?? '') };
  }
  return doc;
}

function parseTrace(raw: unknown): ITrace {
  if (!isObject(raw) || !isObject(raw.units) || !Array.isArray(raw.top)) {
    throw new GraphDocumentError('"trace" must be an object with "units" and "top"');
  }
  for (const [id, unit] of Object.entries(raw.units)) {
    if (!isObject(unit) || typeof unit.state !== 'string' || !TRACE_STATES.has(unit.state)) {
      throw new GraphDocumentError(
        `trace.units["${id}"].state must be one of computed, folded, input, not_needed`
      );
    }
  }
  return {
    runs: Number(raw.runs ?? 1),
    total_micros: Number(raw.total_micros ?? 0),
    units: raw.units as unknown as Record<string, IUnitTrace>,
    top: raw.top as ITopNode[]
  };
}

function parseStructure(raw: unknown, names: ReadonlySet<string>): IStructure {
  if (!isObject(raw) || !Array.isArray(raw.groups)) {
    throw new GraphDocumentError(
      '"structure" must be an object with "groups", "roots" and "auxiliary"'
    );
  }
  const ids = new Set<string>();
  const groups = raw.groups.map((g, i) => {
    if (!isObject(g) || typeof g.id !== 'string' || (g.kind !== 'scope' && g.kind !== 'series')) {
      throw new GraphDocumentError(
        `structure.groups[${i}] must be an object with a string "id" and kind "scope" or "series"`
      );
    }
    ids.add(g.id);
    return {
      id: g.id,
      kind: g.kind,
      name: String(g.name ?? ''),
      label: String(g.label ?? ''),
      parent: typeof g.parent === 'string' ? g.parent : null,
      node_kind: (g.node_kind ?? null) as NodeKind | null,
      op_type: typeof g.op_type === 'string' ? g.op_type : null,
      series_size: Number(g.series_size ?? 0),
      children: stringList(g.children ?? [], `structure group "${g.id}": "children"`)
    } as IGroup;
  });
  const known = (id: string) =>
    id.startsWith('op:') ? names.has(id.slice(3)) : ids.has(id);
  for (const g of groups) {
    for (const child of g.children) {
      if (!known(child)) {
        throw new GraphDocumentError(
          `structure group "${g.id}" holds "${child}" which is neither a node nor a group`
        );
      }
    }
  }
  const roots = stringList(raw.roots ?? [], 'structure.roots');
  const auxiliary = stringList(raw.auxiliary ?? [], 'structure.auxiliary');
  for (const id of [...roots, ...auxiliary]) {
    if (!known(id)) {
      throw new GraphDocumentError(
        `structure names "${id}" which is neither a node nor a group`
      );
    }
  }
  return { groups, roots, auxiliary };
}
