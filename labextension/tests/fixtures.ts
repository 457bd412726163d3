// The chapter's graphs, written by tests/notebook/chapter_graphs.py at the repo root, and the
// gallery of real graphs built by jupyter_flow (tests/notebook/graph_gallery.py), which
// tests/notebook/test_labextension_unit.py writes fresh into JF_GALLERY_DIR before running these.
import { existsSync, readFileSync } from 'fs';
import { join } from 'path';
import { IGraphDocument, parseGraphDocument } from '../src/document';

export function chapterGraph(
  name: 'x_x_y_plus_y_plus_2' | 'linear_regression_with_loss_scope' | 'five_relus'
): IGraphDocument {
  const text = readFileSync(join(__dirname, 'fixtures', `${name}.json`), 'utf8');
  return parseGraphDocument(JSON.parse(text));
}

export const GALLERY_DIR = process.env.JF_GALLERY_DIR ?? '';
export const GALLERY = [
  'linear_regression',
  'five_relus',
  'mlp',
  'mlp_adam',
  'stacked_autoencoder',
  'my_func_gradients'
];

export function hasGallery(): boolean {
  return GALLERY_DIR !== '' && existsSync(join(GALLERY_DIR, 'mlp.json'));
}

export function galleryGraph(name: string): IGraphDocument {
  return parseGraphDocument(JSON.parse(readFileSync(join(GALLERY_DIR, `${name}.json`), 'utf8')));
}

/** What the Python structure makes of the collapsed top level of a gallery graph. */
export interface IPythonTopLevel {
  main: string[];
  auxiliary: string[];
  edges: string[];
}

export function pythonTopLevel(name: string): IPythonTopLevel {
  return JSON.parse(readFileSync(join(GALLERY_DIR, `${name}.top.json`), 'utf8'));
}
