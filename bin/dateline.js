#!/usr/bin/env node
// The `dateline` executable: reads .env when present, then hands the arguments to the CLI with
// every adapter of this build. It runs the bundle in dist/ (built by `npm install` through
// `prepare`) when the bundle is newer than every source it was built from; otherwise, in a
// checkout edited since (or never built), it runs the TypeScript sources through tsx, so that
// `dateline` always does what the sources say.
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { config } from 'dotenv';

const ROOT = join(import.meta.dirname, '..');

/** Whether dist/ holds a bundle of the sources as they are now (see bin/build.js). */
function bundleIsFresh() {
  try {
    const { builtAt, inputs } = JSON.parse(readFileSync(join(ROOT, 'dist', 'inputs.json'), 'utf8'));
    return inputs.every((input) => statSync(join(ROOT, input)).mtimeMs < builtAt);
  } catch {
    return false;
  }
}

async function fromSources() {
  const { register } = await import('tsx/esm/api');
  register();
  return [await import('../src/cli/main.ts'), await import('../adapters/index.ts')];
}

config({ quiet: true });
const [{ main }, { adapters }] = bundleIsFresh()
  ? [await import('../dist/src/cli/main.js'), await import('../dist/adapters/index.js')]
  : await fromSources();
process.exitCode = await main(process.argv.slice(2), adapters);
