/**
 * A traced run on the drawing: what colour and state each unit gets, the hover card's time rows
 * and the slowest-nodes list. The numbers and states come from the document (computed by
 * jupyter_flow's notebook/graph_trace.py); this only maps them to paint. Pure data, no DOM.
 *
 *   traceStyle(doc, 'scope:dnn');   // { state: 'computed', fill: '#f3a079', problem: false }
 */
import type { IGraphDocument, ITopNode, TraceState } from './document';

/** Pale to deep orange-red, as the static SVG (graph_svg.py TRACE_COLD / TRACE_HOT). */
const COLD = [255, 243, 224];
const HOT = [216, 67, 21];

/** The fill of a computed unit; the square root spreads the many small ops apart. */
export function heatColour(heat: number): string {
  const t = Math.sqrt(Math.max(0, Math.min(1, heat)));
  return (
    '#' +
    COLD.map((c, i) =>
      Math.round(c + t * (HOT[i] - c))
        .toString(16)
        .padStart(2, '0')
    ).join('')
  );
}

export interface ITraceStyle {
  /** null when the document carries no trace. */
  state: TraceState | null;
  /** The fill of a computed unit, null otherwise (the kind's own colour stays). */
  fill: string | null;
  /** The unit holds the node a run failed at. */
  problem: boolean;
}

export function traceStyle(doc: IGraphDocument, unitId: string, ops: string[]): ITraceStyle {
  const unit = doc.trace?.units[unitId];
  const state = unit?.state ?? null;
  return {
    state,
    fill: unit && state === 'computed' ? heatColour(unit.heat) : null,
    problem: doc.problem !== undefined && ops.includes(doc.problem.node)
  };
}

export function formatMicros(micros: number): string {
  return micros >= 1000 ? `${(micros / 1000).toFixed(3)} ms` : `${micros.toFixed(1)} µs`;
}

function percent(share: number): string {
  return `${(share * 100).toFixed(1)}%`;
}

const STATE_TEXT: Record<TraceState, string> = {
  computed: 'computed',
  folded: 'folded constant (computed once, cached)',
  input: 'read by the run, not computed (fed or a variable)',
  not_needed: 'not needed by the run'
};

/** Rows for the hover card: the unit's time (total and per call), its rank among the slowest. */
export function traceRows(doc: IGraphDocument, unitId: string, ops: string[]): [string, string][] {
  const rows: [string, string][] = [];
  const unit = doc.trace?.units[unitId];
  if (doc.trace && unit) {
    rows.push(['run', STATE_TEXT[unit.state]]);
    if (unit.calls > 0) {
      const perCall = unit.micros / unit.calls;
      rows.push([
        'time',
        `${formatMicros(unit.micros)} (${percent(unit.share)}), ${unit.calls} call${unit.calls === 1 ? '' : 's'}, ${formatMicros(perCall)} per call`
      ]);
    }
    const rank = doc.trace.top.findIndex(t => unitId === `op:${t.name}`);
    if (rank >= 0) {
      rows.push(['slowest', `#${rank + 1} of the run`]);
    }
  }
  if (doc.problem && ops.includes(doc.problem.node)) {
    rows.push(['problem', doc.problem.message]);
  }
  return rows;
}

/** The slowest nodes, listed under the view: "dnn/hidden1/MatMul (MatMul) 0.412 ms, 31.0%, 2 calls of ...". */
export function topLines(doc: IGraphDocument): string[] {
  return (doc.trace?.top ?? []).map(
    (t: ITopNode) =>
      `${t.name} (${t.op}) ${formatMicros(t.micros)}, ${percent(t.share)}, ${t.calls} call${t.calls === 1 ? '' : 's'} of ${formatMicros(t.per_call_micros)}`
  );
}
