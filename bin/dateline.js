#!/usr/bin/env node
// The `dateline` executable: reads .env when present, then hands the arguments to the CLI with
// every adapter of this build. It runs the bundle in dist/ (built by `npm install` through
// `prepare`, or `npm run build`) when the bundle is newer than every source it was built from.
// Otherwise, in a checkout edited since (or never built), it runs the TypeScript sources through
// tsx, a dev dependency, so that `dateline` does what the sources say; it says so on stderr, since
// that start is 1-1.5 s slower. A production install (--omit=dev) has no tsx: it needs dist/.
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { config } from 'dotenv';

const ROOT = join(import.meta.dirname, '..');

/** Why dist/ does not hold a bundle of the sources as they are now (see bin/build.js), or undefined when it does. */
function staleBundle() {
  let built;
  try {
    built = JSON.parse(readFileSync(join(ROOT, 'dist', 'inputs.json'), 'utf8'));
  } catch {
    return 'dist/ is not built';
  }
  // An input that is not there (an image or install that ships dist/ without the sources) cannot be newer.
  const newer = built.inputs.find((input) => (statSync(join(ROOT, input), { throwIfNoEntry: false })?.mtimeMs ?? 0) >= built.builtAt);
  return newer && `${newer} is newer than dist/`;
}

async function fromSources(why) {
  let register;
  try {
    ({ register } = await import('tsx/esm/api'));
  } catch {
    process.stderr.write(
      `dateline: ${why}, and tsx (a dev dependency) is not installed to run the sources: run npm run build in a full install.\n`,
    );
    process.exit(2);
  }
  process.stderr.write(`dateline: ${why}: running the TypeScript sources through tsx (a slower start; npm run build makes the bundle).\n`);
  register();
  return [await import('../src/cli/main.ts'), await import('../adapters/index.ts')];
}

config({ quiet: true });
const stale = staleBundle();
const [{ main }, { adapters }] = stale
  ? await fromSources(stale)
  : [await import('../dist/src/cli/main.js'), await import('../dist/adapters/index.js')];
process.exitCode = await main(process.argv.slice(2), adapters);
