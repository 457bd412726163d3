/**
 * The MIME renderer widget: reads the graph document from the output's data and shows
 * it; a document that breaks the contract is shown as a readable error instead.
 *
 *   const w = new GraphWidget({ mimeType: MIME_TYPE, ... });
 *   await w.renderModel(model);
 */
import type { IRenderMime } from '@jupyterlab/rendermime-interfaces';
import { Widget } from '@lumino/widgets';
import { parseGraphDocument } from './document';
import { GraphView } from './graphview';
import { GraphModel } from './model';

export class GraphWidget extends Widget implements IRenderMime.IRenderer {
  private readonly _mimeType: string;

  constructor(options: IRenderMime.IRendererOptions) {
    super();
    this._mimeType = options.mimeType;
    this.addClass('jf-output');
  }

  async renderModel(model: IRenderMime.IMimeModel): Promise<void> {
    this.node.replaceChildren();
    let graphModel: GraphModel;
    try {
      graphModel = new GraphModel(parseGraphDocument(model.data[this._mimeType]));
    } catch (error) {
      const pre = document.createElement('pre');
      pre.className = 'jf-error';
      pre.textContent = String(error instanceof Error ? error.message : error);
      this.node.appendChild(pre);
      return;
    }
    const host = document.createElement('div');
    this.node.appendChild(host);
    await new GraphView(host, graphModel).render();
  }
}
