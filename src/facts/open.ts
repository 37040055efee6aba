// Opens a folder of fact packs as an indexed Catalog, or explains every problem in it.
import { dirname, join } from 'node:path';
import type { CoreConfig } from '../config.ts';
import { Catalog } from './catalog.ts';
import { factStoreFile, openFactStore, packsKey, writeFactStore, type Packs } from './fact-store.ts';
import { formatProblem, loadFacts } from './load.ts';

export class InvalidFactsError extends Error {
  constructor(readonly lines: string[]) {
    super(`The fact packs are invalid:\n${lines.join('\n')}`);
  }
}

/**
 * The packs of a running bot: FACTS_DIR, kept validated in a cache beside its database, and every
 * quote checked against FACTS_SOURCES_DIR when it is set.
 */
export function openConfiguredCatalog(config: CoreConfig): Catalog {
  return openCatalog(config.factsDir, {
    cacheDir: join(dirname(config.dbPath), 'pack-cache'),
    ...(config.sourcesDir ? { sourcesDir: config.sourcesDir } : {}),
  });
}

/**
 * With `cacheDir`, packs validated at an earlier start open from the fact store kept there (see
 * fact-store.ts), and so does their search index (see search-index.ts); otherwise, and whenever a
 * pack or source text has changed since, they are read and validated afresh. With `sourcesDir`,
 * every quote is checked against its source's text there (see provenance.ts).
 */
export function openCatalog(dir: string, options: { cacheDir?: string; sourcesDir?: string } = {}): Catalog {
  const { cacheDir, sourcesDir } = options;
  const kept = cacheDir === undefined ? undefined : { dir: cacheDir, key: packsKey(dir, sourcesDir) };
  const file = kept && factStoreFile(kept.dir, kept.key);
  let packs: Packs | undefined = file ? openFactStore(file) : undefined;
  if (!packs) {
    const loaded = loadFacts(dir, sourcesDir);
    if (!loaded.ok) throw new InvalidFactsError(loaded.problems.map(formatProblem));
    // Served from the store once it is written, so that the summaries and quotes just read do not stay in memory.
    packs = (file && writeFactStore(file, loaded) && openFactStore(file)) || loaded;
  }
  return new Catalog(packs.facts, packs.themes, packs.synonyms, { kept, closeFacts: packs.close });
}
