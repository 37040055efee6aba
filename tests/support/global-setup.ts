// Once per test run: DATELINE_DB points into a temporary folder, removed at the end, so that a
// command run without a database of its own (`ask`, `digest`) keeps its pack cache there rather
// than in the checkout's data/.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export default function setup(): () => void {
  const dir = mkdtempSync(join(tmpdir(), 'dateline-test-run-'));
  process.env.DATELINE_DB = join(dir, 'dateline.db');
  return () => rmSync(dir, { recursive: true, force: true });
}
