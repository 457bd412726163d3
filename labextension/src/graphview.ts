/**
 * The interactive graph in one output area: toolbar, SVG canvas with pan and zoom,
 * click to expand or collapse a scope or series, hover card.
 *
 *   const view = new GraphView(host, new GraphModel(doc));
 *   await view.render();
 */
import { definedInText, describeUnit } from './card';
import { drawLayout } from './drawing';
import { layoutView } from './layout';
import type { GraphModel, IGraphView } from './model';
import { revealDefinition } from './navigate';
import { PanZoom } from './panzoom';
import { SVG_NS } from './svg';
import { topLines } from './trace';
import type { IUnit } from './units';

/** Tallest the canvas grows before the user pans or zooms. */
const MAX_CANVAS_HEIGHT = 560;
const MIN_CANVAS_HEIGHT = 120;
/** Grace time to move the pointer from a node onto its card (to follow its link). */
const CARD_HIDE_DELAY_MS = 400;

function button(text: string, title: string, onClick: () => void): HTMLButtonElement {
  const b = document.createElement('button');
  b.className = 'jf-button';
  b.textContent = text;
  b.title = title;
  b.addEventListener('click', onClick);
  return b;
}

export class GraphView {
  private readonly _expanded = new Set<string>();
  private readonly _svg: SVGSVGElement;
  private readonly _viewport: SVGGElement;
  private readonly _card: HTMLDivElement;
  private readonly _panZoom: PanZoom;
  private _units = new Map<string, IUnit>();
  private _positions = new Map<string, { x: number; y: number }>();
  private _view: IGraphView | null = null;
  private _size = { width: 0, height: 0 };
  private _fitted = false;
  private _hideTimer: number | null = null;
  /** Milliseconds the last layout took (read by the layout benchmark). */
  lastLayoutMs = 0;

  constructor(
    private readonly _host: HTMLElement,
    private readonly _model: GraphModel
  ) {
    _host.classList.add('jf-graph');
    _host.setAttribute('data-jf-graph', '');
    const toolbar = document.createElement('div');
    toolbar.className = 'jf-toolbar';
    toolbar.append(
      button('+', 'Zoom in (or Ctrl + wheel)', () => this._panZoom.zoomBy(1.25)),
      button('−', 'Zoom out (or Ctrl + wheel)', () => this._panZoom.zoomBy(0.8)),
      button('Fit', 'Fit the whole graph', () => this._fit()),
      button('Collapse all', 'Collapse every scope and series', () => {
        this._expanded.clear();
        void this.render();
      }),
      this._legend()
    );
    this._svg = document.createElementNS(SVG_NS, 'svg');
    this._svg.classList.add('jf-canvas');
    this._viewport = document.createElementNS(SVG_NS, 'g');
    this._viewport.classList.add('jf-viewport');
    this._svg.appendChild(this._viewport);
    this._card = document.createElement('div');
    this._card.className = 'jf-hovercard';
    this._card.hidden = true;
    _host.append(toolbar, this._svg, this._card);
    const top = topLines(_model.doc);
    if (top.length) {
      // A traced run's slowest nodes, under the view (graph_trace.py computed them).
      const list = document.createElement('div');
      list.className = 'jf-trace-top';
      list.setAttribute('data-jf-trace-top', '');
      const title = document.createElement('div');
      title.className = 'jf-trace-top-title';
      const runs = _model.doc.trace!.runs;
      title.textContent = `Slowest nodes (${runs} traced run${runs === 1 ? '' : 's'})`;
      const items = document.createElement('ol');
      for (const line of top) {
        const item = document.createElement('li');
        item.textContent = line;
        items.appendChild(item);
      }
      list.append(title, items);
      _host.appendChild(list);
    }
    this._panZoom = new PanZoom(this._svg, this._viewport);
    this._svg.addEventListener('click', this._onClick);
    this._svg.addEventListener('pointerover', this._onOver);
    this._svg.addEventListener('pointerleave', () => this._hideCardSoon());
    this._card.addEventListener('pointerenter', () => this._cancelHide());
    this._card.addEventListener('pointerleave', () => this._hideCardSoon());
  }

  get expanded(): ReadonlySet<string> {
    return this._expanded;
  }

  async toggle(unitId: string): Promise<void> {
    if (this._expanded.has(unitId)) {
      this._expanded.delete(unitId);
    } else {
      this._expanded.add(unitId);
    }
    await this.render(unitId);
  }

  /** Draw the current state; the `anchor` unit keeps its place on screen. */
  async render(anchor?: string): Promise<void> {
    const before = anchor ? this._positions.get(anchor) : undefined;
    this._host.setAttribute('data-jf-ready', 'false');
    const started = performance.now();
    const view = this._model.view(this._expanded);
    const layout = await layoutView(view);
    this.lastLayoutMs = performance.now() - started;
    this._host.setAttribute('data-jf-layout-ms', this.lastLayoutMs.toFixed(1));
    this._view = view;
    this._units = new Map(layout.nodes.map(n => [n.unit.id, n.unit]));
    this._positions = new Map(layout.nodes.map(n => [n.unit.id, { x: n.x, y: n.y }]));
    const after = anchor ? this._positions.get(anchor) : undefined;
    if (before && after) {
      this._panZoom.x += (before.x - after.x) * this._panZoom.scale;
      this._panZoom.y += (before.y - after.y) * this._panZoom.scale;
      this._panZoom.apply();
    }
    this._viewport.replaceChildren();
    drawLayout(layout, view, this._viewport);
    this._size = { width: layout.width, height: layout.height };
    const height = Math.max(MIN_CANVAS_HEIGHT, Math.min(MAX_CANVAS_HEIGHT, layout.height));
    this._svg.style.height = `${height}px`;
    if (!this._fitted) {
      this._fitted = true;
      this._fit();
    }
    this._card.hidden = true;
    this._host.setAttribute('data-jf-ready', 'true');
  }

  private _fit(): void {
    const width = this._svg.clientWidth || this._host.clientWidth || 800;
    const height = parseFloat(this._svg.style.height) || MAX_CANVAS_HEIGHT;
    this._panZoom.fit(this._size.width, this._size.height, width, height);
  }

  private _legend(): HTMLElement {
    const legend = document.createElement('span');
    legend.className = 'jf-legend';
    for (const kind of ['placeholder', 'variable', 'constant', 'op']) {
      const item = document.createElement('span');
      item.className = `jf-legend-item jf-kind-${kind}`;
      item.textContent = kind;
      legend.appendChild(item);
    }
    return legend;
  }

  private _unitAt(target: EventTarget | null): { unit: IUnit; element: Element } | null {
    const element = (target as Element | null)?.closest?.('[data-jf-unit]');
    const unit = element && this._units.get(element.getAttribute('data-jf-unit')!);
    return unit && element ? { unit, element } : null;
  }

  private _onClick = (event: MouseEvent) => {
    if (this._panZoom.dragged) {
      return;
    }
    const hit = this._unitAt(event.target);
    if (hit && hit.unit.expandable && hit.element.getAttribute('data-jf-area') === 'main') {
      void this.toggle(hit.unit.id);
    }
  };

  private _cancelHide(): void {
    if (this._hideTimer !== null) {
      window.clearTimeout(this._hideTimer);
      this._hideTimer = null;
    }
  }

  private _hideCardSoon(): void {
    this._cancelHide();
    this._hideTimer = window.setTimeout(() => {
      this._hideTimer = null;
      this._card.hidden = true;
    }, CARD_HIDE_DELAY_MS);
  }

  private _onOver = (event: PointerEvent) => {
    const hit = this._unitAt(event.target);
    if (!hit || !this._view) {
      this._hideCardSoon();
      return;
    }
    this._cancelHide();
    const card = describeUnit(this._model, this._view, hit.unit);
    const title = document.createElement('div');
    title.className = 'jf-card-title';
    title.textContent = card.title;
    const table = document.createElement('table');
    for (const [key, value] of card.rows) {
      const row = table.insertRow();
      row.insertCell().textContent = key;
      const cell = row.insertCell();
      if (key === 'defined in' && card.definedIn) {
        const where = card.definedIn;
        const link = document.createElement('a');
        link.className = 'jf-defined-in';
        link.href = '#';
        link.textContent = definedInText(where);
        link.title = where.file ?? 'Show this line in its cell';
        link.addEventListener('click', event => {
          event.preventDefault();
          const found = revealDefinition(this._host, where);
          link.classList.toggle('jf-not-found', !found);
          if (!found) {
            link.title = 'That cell is not in this notebook any more';
          }
        });
        cell.appendChild(link);
      } else {
        cell.textContent = value;
      }
    }
    this._card.replaceChildren(title, table);
    this._card.setAttribute('data-jf-card-for', hit.unit.name);
    const host = this._host.getBoundingClientRect();
    const box = hit.element.getBoundingClientRect();
    this._card.style.left = `${Math.max(0, box.right - host.left + 8)}px`;
    this._card.style.top = `${Math.max(0, box.top - host.top)}px`;
    this._card.hidden = false;
  };
}
