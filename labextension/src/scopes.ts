/**
 * The name-scope tree of a graph: every '/'-separated prefix of an op name is a scope.
 * An op whose name is also a scope ("relu/threshold" next to "relu/threshold/read")
 * belongs to that scope as its `ownOp`, so a variable and its Assign/read ops fold into
 * one box coloured as the variable.
 *
 *   const tree = buildScopeTree(doc);
 *   tree.scopes.get('relu')!.childScopes;   // ['relu/threshold']
 */
import type { IGraphDocument, IGraphNode } from './document';

export interface IScope {
  /** Full path, '' for the root. */
  path: string;
  /** Last path component, '' for the root. */
  name: string;
  parent: string | null;
  childScopes: string[];
  /** Ops directly inside this scope (not in a child scope), ownOp excluded. */
  ops: string[];
  /** The op named exactly like this scope, if any. */
  ownOp: string | null;
}

export interface IScopeTree {
  scopes: Map<string, IScope>;
  nodes: Map<string, IGraphNode>;
  /** The scope each op is drawn in. */
  scopeOf: Map<string, string>;
}

export function parentPath(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash < 0 ? '' : path.slice(0, slash);
}

export function lastComponent(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

export function buildScopeTree(doc: IGraphDocument): IScopeTree {
  const nodes = new Map(doc.nodes.map(n => [n.name, n]));
  const scopePaths = new Set<string>(['']);
  for (const node of doc.nodes) {
    let path = parentPath(node.name);
    while (path !== '' && !scopePaths.has(path)) {
      scopePaths.add(path);
      path = parentPath(path);
    }
  }
  const scopes = new Map<string, IScope>();
  for (const path of [...scopePaths].sort()) {
    scopes.set(path, {
      path,
      name: lastComponent(path),
      parent: path === '' ? null : parentPath(path),
      childScopes: [],
      ops: [],
      ownOp: null
    });
  }
  for (const scope of scopes.values()) {
    if (scope.parent !== null) {
      scopes.get(scope.parent)!.childScopes.push(scope.path);
    }
  }
  const scopeOf = new Map<string, string>();
  for (const node of doc.nodes) {
    const own = scopes.get(node.name);
    if (own) {
      own.ownOp = node.name;
      scopeOf.set(node.name, node.name);
    } else {
      const path = parentPath(node.name);
      scopes.get(path)!.ops.push(node.name);
      scopeOf.set(node.name, path);
    }
  }
  return { scopes, nodes, scopeOf };
}

/** Every op inside a scope, at any depth, including its ownOp. */
export function opsUnder(tree: IScopeTree, path: string): string[] {
  const scope = tree.scopes.get(path)!;
  const result = scope.ownOp ? [scope.ownOp, ...scope.ops] : [...scope.ops];
  for (const child of scope.childScopes) {
    result.push(...opsUnder(tree, child));
  }
  return result;
}
