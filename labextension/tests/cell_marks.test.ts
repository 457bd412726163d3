import { describe, expect, it } from 'vitest';
import { marksOf, staleCellOrder } from '../src/cell_marks';

const stale = (id: string) => ({ cell_id: id, kind: 'stale', label: `'${id}'`, text: 'stale: re-run', detail: '' });
const relinked = (id: string) => ({ cell_id: id, kind: 'relinked', label: `'${id}'`, text: "re-linked to cell 'm'", detail: '' });

describe('cell marks', () => {
  it('keeps well-formed marks and drops the rest', () => {
    const data = { marks: [stale('a'), { cell_id: 3, kind: 'stale', text: 'x' }, { cell_id: 'b', kind: 'odd', text: 'x' }, relinked('c')] };
    expect(marksOf(data).map(m => m.cell_id)).toEqual(['a', 'c']);
    expect(marksOf(null)).toEqual([]);
    expect(marksOf({ marks: 'no' })).toEqual([]);
  });

  it('runs stale cells in notebook order, not in the order they were marked', () => {
    const marks = marksOf({ marks: [stale('late'), relinked('mid'), stale('early')] });
    expect(staleCellOrder(['setup', 'early', 'mid', 'late'], marks)).toEqual([1, 3]);
  });
});
