/**
 * Stale and re-linked cells, marked where the learner looks. After a `%%graph` cell is re-run,
 * the kernel (jupyter_flow/notebook/cell_marks.py) sends every mark on a comm: a cell whose nodes
 * could not be re-linked is "stale: re-run", one whose nodes now read the re-run cell's nodes says
 * "re-linked to cell 'model'". Each message holds all marks, so drawing one replaces the last.
 *
 *   drawMarks(cells, [{ cell_id: 'a1', kind: 'stale', label: "'head'", text: 'stale: re-run', detail }], run);
 */

export const COMM_TARGET = 'jupyter_flow.cells';
export const MARK_CLASS = 'jf-cell-mark';

export interface ICellMark {
  cell_id: string;
  kind: 'stale' | 'relinked';
  label: string;
  text: string;
  detail: string;
}

/** What a notebook cell widget offers that this needs: its model id (the cell id the kernel sees). */
export interface IMarkableCell {
  model: { id: string };
  node: HTMLElement;
}

/** The marks of a comm message's data, dropping anything malformed (the kernel is not trusted). */
export function marksOf(data: unknown): ICellMark[] {
  const marks = (data as { marks?: unknown } | null)?.marks;
  if (!Array.isArray(marks)) {
    return [];
  }
  return marks.filter(
    (m): m is ICellMark =>
      typeof m === 'object' &&
      m !== null &&
      typeof m.cell_id === 'string' &&
      (m.kind === 'stale' || m.kind === 'relinked') &&
      typeof m.text === 'string'
  );
}

/** The positions (in notebook order) of the cells marked stale: the order to re-run them in. */
export function staleCellOrder(cellIds: readonly string[], marks: readonly ICellMark[]): number[] {
  const stale = new Set(marks.filter(m => m.kind === 'stale').map(m => m.cell_id));
  return cellIds.flatMap((id, index) => (stale.has(id) ? [index] : []));
}

/** Remove every badge from the cells. */
export function clearMarks(cells: readonly IMarkableCell[]): void {
  for (const cell of cells) {
    cell.node.querySelectorAll(`.${MARK_CLASS}`).forEach(badge => badge.remove());
    cell.node.removeAttribute('data-jf-mark');
  }
}

/** Replace the badges: one in the prompt area of each marked cell; a stale badge has a button that
 * runs all stale cells in order (`runStale`). */
export function drawMarks(cells: readonly IMarkableCell[], marks: readonly ICellMark[], runStale: () => void): void {
  clearMarks(cells);
  const byId = new Map(marks.map(m => [m.cell_id, m]));
  for (const cell of cells) {
    const mark = byId.get(cell.model.id);
    const inputArea = cell.node.querySelector('.jp-InputArea');
    if (!mark || !inputArea) {
      continue;
    }
    const badge = document.createElement('div');
    badge.className = `${MARK_CLASS} ${MARK_CLASS}-${mark.kind}`;
    badge.dataset.jfMark = mark.kind;
    badge.title = mark.detail;
    const text = document.createElement('span');
    text.textContent = mark.text;
    badge.appendChild(text);
    if (mark.kind === 'stale') {
      const run = document.createElement('button');
      run.className = 'jf-run-stale';
      run.textContent = '▶';
      run.title = 'Run the stale cells in order';
      run.addEventListener('click', event => {
        event.stopPropagation();
        runStale();
      });
      badge.appendChild(run);
    }
    inputArea.appendChild(badge);
    cell.node.dataset.jfMark = mark.kind;
  }
}
