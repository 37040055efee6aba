// Files of the pack cache (the fact store, the search index) are written aside and renamed into
// place, so that a reader never opens half a file, and each replaces the earlier files of its kind.
import { readdirSync, renameSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** Where this process writes `file` before it is put in place. */
export const temporaryFor = (file: string) => `${file}.${process.pid}.tmp`;

/**
 * Renames `temporary` to `file`, first removing the folder's other files whose names begin with
 * `prefix`: those of earlier packs, and builds cut short by a stop.
 */
export function putInPlace(temporary: string, file: string, prefix: string): void {
  const dir = dirname(file);
  for (const name of readdirSync(dir))
    if (name.startsWith(prefix) && join(dir, name) !== temporary) rmSync(join(dir, name), { force: true });
  renameSync(temporary, file);
}
