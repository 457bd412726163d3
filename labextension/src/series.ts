/**
 * Series: sibling scopes named base, base_1, base_2, ... with the same inner structure
 * (same relative op names and op types), drawn as one stacked node as TensorBoard does.
 * State a member shares with its siblings (e.g. "relu/threshold", created once by
 * the first "relu" scope and read by relu_1..relu_4) is left out of the comparison.
 *
 *   const series = findSeries(buildScopeTree(doc));
 *   series[0].label;   // 'relu[0-4]'
 */
import { parseTensorName } from './document';
import { IScopeTree, lastComponent, opsUnder } from './scopes';

export interface ISeries {
  /** Unique id: 'series:' + parent path + label. */
  id: string;
  /** Full path of the series: parent path + base name, e.g. 'relu' or 'net/layer'. */
  path: string;
  parent: string;
  base: string;
  /** Member scope paths, in index order. */
  members: string[];
  indices: number[];
  label: string;
}

const INDEXED_NAME = /^(.+?)(?:_(\d+))?$/;

export function splitIndexedName(name: string): { base: string; index: number } {
  const match = INDEXED_NAME.exec(name)!;
  return { base: match[1], index: match[2] === undefined ? 0 : Number(match[2]) };
}

export function seriesLabel(base: string, indices: number[]): string {
  const sorted = [...indices].sort((a, b) => a - b);
  const contiguous = sorted.every((v, i) => i === 0 || v === sorted[i - 1] + 1);
  return contiguous
    ? `${base}[${sorted[0]}-${sorted[sorted.length - 1]}]`
    : `${base} (${sorted.length})`;
}

function memberOf(members: string[], opName: string): string | null {
  for (const m of members) {
    if (opName === m || opName.startsWith(m + '/')) {
      return m;
    }
  }
  return null;
}

/** First component of an op's name relative to its member scope ('' for the scope's own op). */
function groupKey(member: string, opName: string): string {
  if (opName === member) {
    return '';
  }
  return opName.slice(member.length + 1).split('/')[0];
}

/** For each member, the child groups that other members read from (shared state). */
function sharedGroups(tree: IScopeTree, members: string[]): Map<string, Set<string>> {
  const shared = new Map(members.map(m => [m, new Set<string>()]));
  for (const m of members) {
    for (const opName of opsUnder(tree, m)) {
      const node = tree.nodes.get(opName)!;
      const producers = [
        ...node.inputs.map(i => parseTensorName(i).producer),
        ...node.control_inputs
      ];
      for (const p of producers) {
        const owner = memberOf(members, p);
        if (owner !== null && owner !== m) {
          shared.get(owner)!.add(groupKey(owner, p));
        }
      }
    }
  }
  return shared;
}

function signature(tree: IScopeTree, member: string, shared: Set<string>): string {
  return opsUnder(tree, member)
    .filter(opName => !shared.has(groupKey(member, opName)))
    .map(opName => {
      const rel = opName === member ? '.' : opName.slice(member.length + 1);
      return `${rel}=${tree.nodes.get(opName)!.op}`;
    })
    .sort()
    .join('\n');
}

/** All series in the tree, at every level of nesting. */
export function findSeries(tree: IScopeTree): ISeries[] {
  const result: ISeries[] = [];
  for (const scope of tree.scopes.values()) {
    const byBase = new Map<string, { path: string; index: number }[]>();
    for (const child of scope.childScopes) {
      const { base, index } = splitIndexedName(lastComponent(child));
      const list = byBase.get(base) ?? [];
      list.push({ path: child, index });
      byBase.set(base, list);
    }
    for (const [base, candidates] of byBase) {
      if (candidates.length < 2) {
        continue;
      }
      const paths = candidates.map(c => c.path);
      const shared = sharedGroups(tree, paths);
      const bySignature = new Map<string, { path: string; index: number }[]>();
      for (const c of candidates) {
        const sig = signature(tree, c.path, shared.get(c.path)!);
        if (sig === '') {
          continue; // a scope holding only shared state is no series member
        }
        const list = bySignature.get(sig) ?? [];
        list.push(c);
        bySignature.set(sig, list);
      }
      for (const group of bySignature.values()) {
        if (group.length < 2) {
          continue;
        }
        group.sort((a, b) => a.index - b.index);
        const indices = group.map(g => g.index);
        const label = seriesLabel(base, indices);
        result.push({
          id: `series:${scope.path === '' ? '' : scope.path + '/'}${label}`,
          path: scope.path === '' ? base : `${scope.path}/${base}`,
          parent: scope.path,
          base,
          members: group.map(g => g.path),
          indices,
          label
        });
      }
    }
  }
  return result;
}
