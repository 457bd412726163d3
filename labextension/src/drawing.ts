/**
 * Draws a laid-out graph as SVG. Every drawn unit carries stable data attributes
 * (data-jf-node, data-jf-kind, data-jf-series, data-jf-expanded, ...) so that browser
 * tests and users' scripts can find it.
 *
 *   viewport.appendChild(drawLayout(layout, view));
 */
import type { IGraphView } from './model';
import type { ILaidOutEdge, ILaidOutNode, ILayout } from './layout';
import { svgElement, svgText } from './svg';
import { traceStyle } from './trace';

const SERIES_STACK_OFFSET = 4;

function nodeShape(node: ILaidOutNode, group: SVGGElement): void {
  const { unit, width: w, height: h } = node;
  if (unit.kind === 'series' && !unit.expanded) {
    for (let i = 2; i >= 1; i--) {
      svgElement(
        'rect',
        {
          class: 'jf-shape jf-stack',
          x: i * SERIES_STACK_OFFSET,
          y: -i * SERIES_STACK_OFFSET + 2 * SERIES_STACK_OFFSET,
          width: w - 2 * SERIES_STACK_OFFSET,
          height: h - 2 * SERIES_STACK_OFFSET,
          rx: 6
        },
        group
      );
    }
    svgElement(
      'rect',
      {
        class: 'jf-shape',
        x: 0,
        y: 2 * SERIES_STACK_OFFSET,
        width: w - 2 * SERIES_STACK_OFFSET,
        height: h - 2 * SERIES_STACK_OFFSET,
        rx: 6
      },
      group
    );
    return;
  }
  if (unit.kind !== 'op') {
    svgElement('rect', { class: 'jf-shape', width: w, height: h, rx: 6 }, group);
    return;
  }
  switch (unit.nodeKind) {
    case 'placeholder': {
      const s = 8;
      svgElement(
        'path',
        { class: 'jf-shape', d: `M${s},0 H${w} L${w - s},${h} H0 Z` },
        group
      );
      return;
    }
    case 'variable':
      svgElement('rect', { class: 'jf-shape', width: w, height: h, rx: 3 }, group);
      return;
    case 'constant':
      svgElement(
        'rect',
        { class: 'jf-shape', width: w, height: h, rx: h / 2 },
        group
      );
      return;
    default:
      svgElement(
        'ellipse',
        { class: 'jf-shape', cx: w / 2, cy: h / 2, rx: w / 2, ry: h / 2 },
        group
      );
  }
}

function drawNode(node: ILaidOutNode, view: IGraphView, parent: SVGGElement) {
  const { unit } = node;
  const classes = [
    'jf-node',
    `jf-unit-${unit.kind}`,
    `jf-kind-${unit.nodeKind ?? 'group'}`
  ];
  if (unit.expanded) {
    classes.push('jf-expanded');
  }
  const group = svgElement(
    'g',
    {
      class: classes.join(' '),
      transform: `translate(${node.x},${node.y})`,
      'data-jf-node': unit.name,
      'data-jf-unit': unit.id,
      'data-jf-kind': unit.kind,
      'data-jf-area': node.area
    },
    parent
  );
  if (unit.nodeKind) {
    group.setAttribute('data-jf-node-kind', unit.nodeKind);
  }
  if (unit.kind === 'series') {
    group.setAttribute('data-jf-series', unit.name);
    group.setAttribute('data-jf-series-size', String(unit.seriesSize));
  }
  if (unit.expandable && node.area === 'main') {
    group.setAttribute('data-jf-expanded', String(unit.expanded));
    group.setAttribute('role', 'button');
    group.setAttribute(
      'aria-label',
      `${unit.expanded ? 'Collapse' : 'Expand'} ${unit.label}`
    );
  }
  if (view.highlighted.has(unit.id)) {
    group.classList.add('jf-highlighted');
    group.setAttribute('data-jf-highlighted', 'true');
  }
  nodeShape(node, group);
  const trace = traceStyle(view.doc, unit.id, unit.ops);
  if (trace.state) {
    group.classList.add(`jf-trace-${trace.state}`);
    group.setAttribute('data-jf-trace-state', trace.state);
  }
  if (trace.fill && !unit.expanded) {
    group.querySelectorAll<SVGElement>('.jf-shape').forEach(shape => (shape.style.fill = trace.fill!));
  }
  if (trace.problem) {
    group.classList.add('jf-problem');
    group.setAttribute('data-jf-problem', 'true');
  }
  if (unit.expanded) {
    svgText(`− ${unit.label}`, { class: 'jf-label jf-container-label', x: 8, y: 18 }, group);
    return;
  }
  const centreX =
    unit.kind === 'series' ? (node.width - 2 * SERIES_STACK_OFFSET) / 2 : node.width / 2;
  const centreY =
    unit.kind === 'series' ? node.height / 2 + SERIES_STACK_OFFSET : node.height / 2;
  const prefix = unit.expandable && node.area === 'main' ? '+ ' : '';
  svgText(
    prefix + unit.label,
    { class: 'jf-label', x: centreX, y: centreY, 'text-anchor': 'middle', 'dominant-baseline': 'central' },
    group
  );
}

function drawEdge(edge: ILaidOutEdge, parent: SVGGElement): void {
  if (edge.points.length < 2) {
    return;
  }
  const group = svgElement(
    'g',
    {
      class: edge.edge.control ? 'jf-edge jf-control' : 'jf-edge',
      'data-jf-edge': edge.edge.id,
      'data-jf-shape': edge.label
    },
    parent
  );
  const d = edge.points
    .map((p, i) => `${i === 0 ? 'M' : 'L'}${p.x},${p.y}`)
    .join(' ');
  svgElement(
    'path',
    { class: 'jf-edge-line', d, 'stroke-width': edge.strokeWidth, 'marker-end': 'url(#jf-arrow)' },
    group
  );
  if (edge.labelBox && edge.label) {
    const b = edge.labelBox;
    svgElement('rect', { class: 'jf-edge-label-bg', x: b.x - 2, y: b.y, width: b.width + 4, height: b.height, rx: 3 }, group);
    svgText(edge.label, { class: 'jf-edge-label', x: b.x + b.width / 2, y: b.y + b.height / 2, 'text-anchor': 'middle', 'dominant-baseline': 'central' }, group);
  }
}

function arrowMarker(parent: SVGElement): void {
  const defs = svgElement('defs', {}, parent);
  const marker = svgElement(
    'marker',
    { id: 'jf-arrow', viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 7, markerHeight: 7, orient: 'auto-start-reverse', markerUnits: 'userSpaceOnUse' },
    defs
  );
  svgElement('path', { class: 'jf-arrow', d: 'M0,0 L10,5 L0,10 Z' }, marker);
}

/** Build the drawing; nodes are drawn outermost first so containers sit behind. */
export function drawLayout(layout: ILayout, view: IGraphView, into: SVGGElement): void {
  arrowMarker(into);
  if (layout.auxiliaryArea) {
    const a = layout.auxiliaryArea;
    const aux = svgElement('g', { class: 'jf-auxiliary-area', 'data-jf-area': 'auxiliary' }, into);
    svgElement('rect', { class: 'jf-auxiliary-box', x: a.x, y: a.y, width: a.width, height: a.height, rx: 6 }, aux);
    svgText('Auxiliary', { class: 'jf-auxiliary-title', x: a.x + 8, y: a.y + 17 }, aux);
  }
  const nodes = [...layout.nodes].sort((a, b) => a.depth - b.depth);
  const containers = svgElement('g', { class: 'jf-containers' }, into);
  const edges = svgElement('g', { class: 'jf-edges' }, into);
  const leaves = svgElement('g', { class: 'jf-leaves' }, into);
  for (const node of nodes) {
    drawNode(node, view, node.unit.expanded ? containers : leaves);
  }
  for (const edge of layout.edges) {
    drawEdge(edge, edges);
  }
}
