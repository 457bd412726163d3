/**
 * jupyter-flow's front-end plugin (beside the MIME renderer in index.ts): listens on each
 * notebook's kernel for the cell marks the kernel sends after a `%%graph` re-run, draws them
 * (cell_marks.ts), and adds the command "Run Stale Cells".
 *
 * The notebook panels are reached through the application shell, typed here by the few members
 * used, so the extension needs no build-time dependency on JupyterLab's notebook packages.
 */
import { COMM_TARGET, ICellMark, IMarkableCell, clearMarks, drawMarks, marksOf, staleCellOrder } from './cell_marks';

export const RUN_STALE_COMMAND = 'jupyter-flow:run-stale-cells';

interface ISignalLike<A> {
  connect(slot: (sender: unknown, args: A) => void): boolean;
}

interface IKernelLike {
  registerCommTarget(name: string, callback: (comm: unknown, msg: { content: { data: unknown } }) => void): void;
}

interface INotebookPanelLike {
  id: string;
  isDisposed: boolean;
  content: { widgets: readonly IMarkableCell[]; activeCellIndex: number };
  sessionContext: {
    session: { kernel: IKernelLike | null } | null;
    kernelChanged: ISignalLike<{ newValue: IKernelLike | null }>;
    statusChanged: ISignalLike<string>;
  };
}

interface IAppLike {
  shell: {
    currentWidget: unknown;
    widgets(area?: string): Iterable<unknown>;
    activateById(id: string): void;
    currentChanged?: ISignalLike<unknown>;
  };
  commands: {
    addCommand(id: string, options: { label: string; caption: string; execute: () => Promise<unknown> }): void;
    execute(id: string): Promise<unknown>;
  };
  contextMenu: { addItem(options: { command: string; selector: string; rank?: number }): void };
  restored: Promise<void>;
}

function isNotebookPanel(widget: unknown): widget is INotebookPanelLike {
  const w = widget as Partial<INotebookPanelLike> | null;
  return !!w && !!w.sessionContext && !!w.content && Array.isArray(w.content.widgets);
}

/** The marks each panel shows now (the kernel's last message). */
const panelMarks = new WeakMap<INotebookPanelLike, ICellMark[]>();
const watched = new WeakSet<INotebookPanelLike>();

async function runStaleCells(app: IAppLike, panel: INotebookPanelLike): Promise<void> {
  const cells = panel.content.widgets;
  const order = staleCellOrder(
    cells.map(c => c.model.id),
    panelMarks.get(panel) ?? []
  );
  app.shell.activateById(panel.id);
  for (const index of order) {
    panel.content.activeCellIndex = index;
    // The notebook's own command, so the run is exactly the one Shift+Enter makes.
    if ((await app.commands.execute('notebook:run-cell')) === false) {
      return; // the cell raised: stop there, as Run All does
    }
  }
}

function watch(app: IAppLike, panel: INotebookPanelLike): void {
  if (watched.has(panel)) {
    return;
  }
  watched.add(panel);
  const show = (marks: ICellMark[]) => {
    panelMarks.set(panel, marks);
    drawMarks(panel.content.widgets, marks, () => void runStaleCells(app, panel));
  };
  const listen = (kernel: IKernelLike | null) => {
    show([]); // a new or restarted kernel has marked nothing
    kernel?.registerCommTarget(COMM_TARGET, (_comm, msg) => {
      if (!panel.isDisposed) {
        show(marksOf(msg.content.data));
      }
    });
  };
  panel.sessionContext.kernelChanged.connect((_, change) => listen(change.newValue));
  panel.sessionContext.statusChanged.connect((_, status) => {
    if (status === 'restarting' || status === 'autorestarting' || status === 'dead') {
      panelMarks.set(panel, []);
      clearMarks(panel.content.widgets);
    }
  });
  listen(panel.sessionContext.session?.kernel ?? null);
}

function watchAll(app: IAppLike): void {
  for (const widget of app.shell.widgets('main')) {
    if (isNotebookPanel(widget)) {
      watch(app, widget);
    }
  }
}

const plugin = {
  id: 'jupyter-flow:cell-marks',
  description: 'Marks the cells a %%graph re-run left stale or re-linked, and runs the stale ones.',
  autoStart: true,
  activate: (app: IAppLike) => {
    app.commands.addCommand(RUN_STALE_COMMAND, {
      label: 'Run Stale Cells (jupyter_flow)',
      caption: 'Re-run, in order, the cells whose nodes a %%graph re-run left stale',
      execute: async () => {
        const panel = app.shell.currentWidget;
        if (isNotebookPanel(panel)) {
          await runStaleCells(app, panel);
        }
      }
    });
    app.contextMenu.addItem({ command: RUN_STALE_COMMAND, selector: '.jp-Notebook', rank: 100 });
    app.shell.currentChanged?.connect(() => watchAll(app));
    void app.restored.then(() => watchAll(app));
  }
};

export default plugin;
