// Once per test run: DATELINE_DB points into a temporary folder, removed at the end, so that a
// command run without a database of its own (`ask`, `digest`) keeps its pack cache there rather
// than in the checkout's data/. And dist/ is built afresh, so that the processes the tests start
// run the bundle that ships, not the sources through tsx (which bin/dateline.js announces on
// stderr whenever a source is newer than the bundle, as it is after an edit).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export default function setup(): () => void {
  execFileSync(process.execPath, [join(import.meta.dirname, '..', '..', 'bin', 'build.js')], { stdio: 'inherit' });
  const dir = mkdtempSync(join(tmpdir(), 'dateline-test-run-'));
  process.env.DATELINE_DB = join(dir, 'dateline.db');
  return () => rmSync(dir, { recursive: true, force: true });
}
