/**
 * From a node to the code that made it: find the notebook cell and line a node's
 * `defined_in` names, scroll it into view and highlight the line. A MIME renderer has no
 * handle on the notebook, so this works on the page: the cell is found by the front end's
 * cell id when the page shows it, else by the line's text at that line number.
 *
 *   revealDefinition(outputNode, { cell: "'mlp'", cell_id: 'a1b2', line: 7, text: 'hidden2 = ...' });
 */
import type { IDefinedIn } from './document';

export const LINE_CLASS = 'jf-defined-line';
export const CELL_CLASS = 'jf-defined-cell';
/** How long the highlight stays. */
const HIGHLIGHT_MS = 4000;

function cellLines(cell: Element): Element[] {
  return Array.from(cell.querySelectorAll('.jp-InputArea .cm-content .cm-line'));
}

function lineMatches(cell: Element, where: IDefinedIn): boolean {
  const line = cellLines(cell)[where.line - 1];
  return line !== undefined && (line.textContent ?? '').trim() === where.text.trim();
}

/** The cell element `where` points at, or null when the page does not show it. */
export function findDefiningCell(from: Element, where: IDefinedIn): Element | null {
  const root: ParentNode = from.closest('.jp-Notebook') ?? document;
  const cells = Array.from(root.querySelectorAll('.jp-Cell'));
  if (where.cell_id) {
    const byId = cells.find(
      c =>
        c.getAttribute('data-jf-cell-id') === where.cell_id ||
        c.id === where.cell_id ||
        c.getAttribute('data-cell-id') === where.cell_id
    );
    if (byId) {
      return byId;
    }
  }
  return cells.find(c => lineMatches(c, where)) ?? null;
}

/** Scroll to the defining cell and highlight its line; false if it is not on the page. */
export function revealDefinition(from: Element, where: IDefinedIn): boolean {
  const cell = findDefiningCell(from, where);
  if (!cell) {
    return false;
  }
  const line = cellLines(cell)[where.line - 1] ?? null;
  for (const old of Array.from(document.querySelectorAll(`.${LINE_CLASS}, .${CELL_CLASS}`))) {
    old.classList.remove(LINE_CLASS, CELL_CLASS);
  }
  cell.classList.add(CELL_CLASS);
  line?.classList.add(LINE_CLASS);
  (line ?? cell).scrollIntoView({ block: 'center', behavior: 'auto' });
  window.setTimeout(() => {
    cell.classList.remove(CELL_CLASS);
    line?.classList.remove(LINE_CLASS);
  }, HIGHLIGHT_MS);
  return true;
}
