/**
 * The JSON contract between jupyter_flow's Python side and this renderer:
 * the value of the `application/vnd.jupyter-flow.graph+json` MIME type.
 *
 *   const doc = parseGraphDocument(model.data[MIME_TYPE]);
 *   doc.nodes.map(n => n.name);   // ['x', 'y', 'mul', ...]
 */

export const MIME_TYPE = 'application/vnd.jupyter-flow.graph+json';
export const SUPPORTED_VERSION = 1;

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
  value?: IValue;
}

export interface IGraphDocument {
  version: number;
  nodes: IGraphNode[];
  highlight: string[];
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
  return { version: SUPPORTED_VERSION, nodes, highlight };
}
