// Builds the prebuilt (federated) extension with node only: JupyterLab's core package
// metadata comes from the @jupyterlab/core-meta npm package instead of the jupyterlab
// Python package, so `pip install .` needs no jupyterlab in its build environment.
//
//   node scripts/build-labextension.mjs [--development]
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(join(here, 'package.json'));
// build-labextension reads <core-path>/package.json; core-meta ships it as core.package.json.
const corePath = join(here, '.core-meta');
mkdirSync(corePath, { recursive: true });
copyFileSync(
  require.resolve('@jupyterlab/core-meta/core.package.json'),
  join(corePath, 'package.json')
);
const builder = require.resolve('@jupyterlab/builder/lib/build-labextension.js');
const args = [builder, '--core-path', corePath, ...process.argv.slice(2), here];
const result = spawnSync(process.execPath, args, { stdio: 'inherit' });
process.exit(result.status ?? 1);
