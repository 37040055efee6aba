// Opens a folder of fact packs as an indexed Catalog, or explains every problem in it.
import { dirname, join } from 'node:path';
import type { CoreConfig } from '../config.ts';
import { Catalog } from './catalog.ts';
import { formatProblem, loadFacts } from './load.ts';
import { PackCache } from './pack-cache.ts';

export class InvalidFactsError extends Error {
  constructor(readonly lines: string[]) {
    super(`The fact packs are invalid:\n${lines.join('\n')}`);
  }
}

/**
 * The packs of a running bot: FACTS_DIR, with validated packs cached beside its database, and
 * every quote checked against FACTS_SOURCES_DIR when it is set.
 */
export function openConfiguredCatalog(config: CoreConfig): Catalog {
  return openCatalog(config.factsDir, {
    cacheDir: join(dirname(config.dbPath), 'pack-cache'),
    ...(config.sourcesDir ? { sourcesDir: config.sourcesDir } : {}),
  });
}

/**
 * With `cacheDir`, packs validated before load from their cached JSON (see pack-cache.ts) and the
 * search index kept there too (see search-index.ts); with `sourcesDir`, every quote is checked
 * against its source's text there (see provenance.ts).
 */
export function openCatalog(dir: string, options: { cacheDir?: string; sourcesDir?: string } = {}): Catalog {
  const loaded = loadFacts(dir, options.cacheDir ? new PackCache(options.cacheDir) : undefined, options.sourcesDir);
  if (!loaded.ok) throw new InvalidFactsError(loaded.problems.map(formatProblem));
  return new Catalog(loaded.facts, loaded.themes, loaded.synonyms, options.cacheDir);
}
