/**
 * Static shapes as edge labels and edge widths.
 *
 *   formatShape([null, 3]);   // '?×3'
 *   edgeWidth([[100, 3]]);    // thicker than edgeWidth([[3]])
 */
import type { StaticShape } from './document';

export function formatShape(shape: StaticShape): string {
  if (shape === null) {
    return '?';
  }
  if (shape.length === 0) {
    return 'scalar';
  }
  return shape.map(d => (d === null ? '?' : String(d))).join('×');
}

/** Element count with unknown dimensions counted as 1 (the smallest they can be). */
export function knownElementCount(shape: StaticShape): number {
  if (shape === null) {
    return 1;
  }
  return shape.reduce<number>((n, d) => n * (d === null ? 1 : d), 1);
}

/** Stroke width in px: grows with the log of the largest tensor on the edge. */
export function edgeWidth(shapes: StaticShape[]): number {
  const largest = Math.max(1, ...shapes.map(knownElementCount));
  return Math.min(6, 1 + Math.log10(largest));
}

export function edgeLabel(shapes: StaticShape[]): string {
  const distinct = [...new Set(shapes.map(formatShape))];
  if (distinct.length === 0) {
    return '';
  }
  if (shapes.length === 1) {
    return distinct[0];
  }
  return distinct.length <= 2
    ? `${distinct.join(', ')} (${shapes.length} tensors)`
    : `${shapes.length} tensors`;
}
