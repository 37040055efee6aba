// Opens a folder of fact packs as an indexed Catalog, or explains every problem in it.
import { dirname, join } from 'node:path';
import type { CoreConfig } from '../config.ts';
import { type Built, buildPacks, openBuilt } from './built.ts';
import { Catalog } from './catalog.ts';
import { formatProblem, InvalidFactsError, loadFacts } from './load.ts';

/** Where a bot's packs are built: a folder beside its SQLite database, never in the packs' own folder. */
export const builtDirOf = (config: CoreConfig) => join(dirname(config.dbPath), 'built');

/**
 * The packs of a running bot: FACTS_DIR, built beside its database (see built.ts), and every
 * quote checked against FACTS_SOURCES_DIR when it is set.
 */
export function openConfiguredCatalog(config: CoreConfig): Catalog {
  return openCatalog(config.factsDir, { builtDir: builtDirOf(config), sourcesDir: config.sourcesDir });
}

/**
 * With `builtDir`, the packs are served from their built file there, built first when it does
 * not match them (see built.ts); when it cannot be written, and without `builtDir`, they are read
 * and validated from YAML and their search index is built in memory. With `sourcesDir`, every
 * quote is checked against its source's text there (see provenance.ts).
 */
export function openCatalog(dir: string, options: { builtDir?: string; sourcesDir?: string | undefined } = {}): Catalog {
  const { builtDir, sourcesDir } = options;
  if (builtDir !== undefined) {
    let built: Built | undefined;
    try {
      built = openBuilt(buildPacks(dir, { builtDir, sourcesDir }).file);
    } catch (error) {
      if (error instanceof InvalidFactsError) throw error;
      // A read-only or full disk: served from YAML, and built again next time.
    }
    if (built) return new Catalog(built.facts, built.themes, built.synonyms, built);
  }
  const loaded = loadFacts(dir, sourcesDir);
  if (!loaded.ok) throw new InvalidFactsError(loaded.problems.map(formatProblem));
  return new Catalog(loaded.facts, loaded.themes, loaded.synonyms);
}
