// A temporary folder for the running test, removed when that test ends, passed or failed.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { onTestFinished } from 'vitest';

/** A new folder named dateline-NAME-…, removed with everything in it once the calling test ends. */
export function testDir(name: string): string {
  const dir = mkdtempSync(join(tmpdir(), `dateline-${name}-`));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}
