/**
 * Pan (drag the background) and zoom (Ctrl/⌘ + wheel, or the toolbar buttons) of an SVG
 * viewport group. A plain wheel still scrolls the notebook.
 *
 *   const pz = new PanZoom(svg, viewport);
 *   pz.zoomBy(1.25);
 */
const MIN_SCALE = 0.2;
const MAX_SCALE = 4;
/** Pointer travel (px) below which a press counts as a click, not a drag. */
const DRAG_THRESHOLD = 4;

export class PanZoom {
  x = 0;
  y = 0;
  scale = 1;
  /** True while (and right after) the pointer moved enough to be a drag. */
  dragged = false;
  private _start: { px: number; py: number; x: number; y: number } | null = null;

  constructor(
    private readonly _svg: SVGSVGElement,
    private readonly _viewport: SVGGElement
  ) {
    _svg.addEventListener('pointerdown', this._onDown);
    _svg.addEventListener('pointermove', this._onMove);
    _svg.addEventListener('pointerup', this._onUp);
    _svg.addEventListener('pointercancel', this._onUp);
    _svg.addEventListener('wheel', this._onWheel, { passive: false });
  }

  apply(): void {
    this._viewport.setAttribute(
      'transform',
      `translate(${this.x},${this.y}) scale(${this.scale})`
    );
  }

  zoomBy(factor: number, cx?: number, cy?: number): void {
    const rect = this._svg.getBoundingClientRect();
    const px = cx ?? rect.width / 2;
    const py = cy ?? rect.height / 2;
    const scale = Math.min(MAX_SCALE, Math.max(MIN_SCALE, this.scale * factor));
    // Keep the point under the cursor fixed.
    this.x = px - ((px - this.x) * scale) / this.scale;
    this.y = py - ((py - this.y) * scale) / this.scale;
    this.scale = scale;
    this.apply();
  }

  /** Show the whole drawing (width x height) inside the visible area, never enlarged. */
  fit(width: number, height: number, viewWidth: number, viewHeight: number): void {
    this.scale = Math.max(
      MIN_SCALE,
      Math.min(1, viewWidth / Math.max(width, 1), viewHeight / Math.max(height, 1))
    );
    this.x = Math.max(0, (viewWidth - width * this.scale) / 2);
    this.y = 0;
    this.apply();
  }

  private _onDown = (event: PointerEvent) => {
    if (event.button !== 0) {
      return;
    }
    this.dragged = false;
    this._start = { px: event.clientX, py: event.clientY, x: this.x, y: this.y };
  };

  private _onMove = (event: PointerEvent) => {
    if (!this._start) {
      return;
    }
    const dx = event.clientX - this._start.px;
    const dy = event.clientY - this._start.py;
    if (!this.dragged && Math.hypot(dx, dy) < DRAG_THRESHOLD) {
      return;
    }
    if (!this.dragged) {
      this._svg.setPointerCapture?.(event.pointerId);
      this._svg.classList.add('jf-panning');
    }
    this.dragged = true;
    this.x = this._start.x + dx;
    this.y = this._start.y + dy;
    this.apply();
  };

  private _onUp = (event: PointerEvent) => {
    this._start = null;
    this._svg.classList.remove('jf-panning');
    if (this._svg.hasPointerCapture?.(event.pointerId)) {
      this._svg.releasePointerCapture(event.pointerId);
    }
  };

  private _onWheel = (event: WheelEvent) => {
    if (!(event.ctrlKey || event.metaKey)) {
      return;
    }
    event.preventDefault();
    const rect = this._svg.getBoundingClientRect();
    this.zoomBy(
      Math.exp(-event.deltaY * 0.002),
      event.clientX - rect.left,
      event.clientY - rect.top
    );
  };
}
