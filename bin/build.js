#!/usr/bin/env node
// `npm run build` (run by `npm install` through `prepare`): bundles the CLI and the adapters into
// dist/ with esbuild, so that `dateline` starts without compiling TypeScript or reading hundreds
// of package files. Dynamic imports become chunks of their own, so Bolt and botbuilder still load
// only when their adapter does. dist/inputs.json lists the sources the bundle was built from:
// bin/dateline.js runs the sources instead whenever one of them is newer than the bundle.
// esbuild is a dev dependency: `prepare` (`--prepare`) in a production install (--omit=dev) builds
// nothing and says so; build there first with a full install (`npm ci && npm run build`).
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

let build;
try {
  ({ build } = await import('esbuild'));
} catch {
  const advice =
    'esbuild (a dev dependency) is not installed, so dist/ is not built: build it in a full install (npm ci && npm run build).';
  process.stderr.write(`${advice}\n`);
  process.exit(process.argv.includes('--prepare') ? 0 : 1);
}

const ROOT = join(import.meta.dirname, '..');
const DIST = join(ROOT, 'dist');

rmSync(DIST, { recursive: true, force: true });
const started = Date.now();
const result = await build({
  absWorkingDir: ROOT,
  entryPoints: ['src/cli/main.ts', 'adapters/index.ts'],
  outdir: 'dist',
  outbase: '.',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // Dependencies are bundled too (hundreds of small files cost more to load than to run), but for
  // the native SQLite binding, the platform SDKs (loaded only with their adapter), pg (only with
  // DATABASE_URL) and tsx.
  external: ['better-sqlite3', '@slack/bolt', 'botbuilder', 'pg', 'tsx'],
  // Bundled CommonJS packages call require(): give the ES module output one.
  banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
  sourcemap: 'linked',
  metafile: true,
  logLevel: 'warning',
});
mkdirSync(DIST, { recursive: true });
// Our own sources: a change to a package goes through `npm install`, which builds again.
const inputs = Object.keys(result.metafile.inputs).filter((input) => !input.startsWith('node_modules/'));
writeFileSync(join(DIST, 'inputs.json'), `${JSON.stringify({ builtAt: started, inputs })}\n`);
