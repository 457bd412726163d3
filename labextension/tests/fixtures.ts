// The chapter's graphs, written by tests/notebook/chapter_graphs.py at the repo root.
import { readFileSync } from 'fs';
import { join } from 'path';
import { IGraphDocument, parseGraphDocument } from '../src/document';

export function chapterGraph(
  name: 'x_x_y_plus_y_plus_2' | 'linear_regression_with_loss_scope' | 'five_relus'
): IGraphDocument {
  const text = readFileSync(join(__dirname, 'fixtures', `${name}.json`), 'utf8');
  return parseGraphDocument(JSON.parse(text));
}
