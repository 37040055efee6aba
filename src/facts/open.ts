// Opens a folder of fact packs as an indexed Catalog, or explains every problem in it.
import { Catalog } from './catalog.ts';
import { formatProblem, loadFacts } from './load.ts';
import { PackCache } from './pack-cache.ts';

export class InvalidFactsError extends Error {
  constructor(readonly lines: string[]) {
    super(`The fact packs are invalid:\n${lines.join('\n')}`);
  }
}

/** With `cacheDir`, packs validated before load from their cached JSON (see pack-cache.ts). */
export function openCatalog(dir: string, options: { cacheDir?: string } = {}): Catalog {
  const loaded = loadFacts(dir, options.cacheDir ? new PackCache(options.cacheDir) : undefined);
  if (!loaded.ok) throw new InvalidFactsError(loaded.problems.map(formatProblem));
  return new Catalog(loaded.facts, loaded.themes);
}
