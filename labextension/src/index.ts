/**
 * jupyter-flow: JupyterLab MIME renderer for jupyter_flow dataflow graphs
 * (`application/vnd.jupyter-flow.graph+json`).
 */
import type { IRenderMime } from '@jupyterlab/rendermime-interfaces';
import { MIME_TYPE } from './document';
import { GraphWidget } from './widget';

export const rendererFactory: IRenderMime.IRendererFactory = {
  // Drawn with textContent and SVG attributes only, so untrusted outputs are safe.
  safe: true,
  mimeTypes: [MIME_TYPE],
  createRenderer: options => new GraphWidget(options)
};

const extension: IRenderMime.IExtension = {
  id: 'jupyter-flow:graph-renderer',
  rendererFactory,
  // Ahead of text/html (rank 50 and up), so Lab shows this view, not the SVG fallback.
  rank: 0,
  dataType: 'json'
};

export default extension;
