// Opens a folder of fact packs as an indexed Catalog, or explains every problem in it.
import { Catalog } from './catalog.ts';
import { formatProblem, loadFacts } from './load.ts';

export class InvalidFactsError extends Error {
  constructor(readonly lines: string[]) {
    super(`The fact packs are invalid:\n${lines.join('\n')}`);
  }
}

export function openCatalog(dir: string): Catalog {
  const loaded = loadFacts(dir);
  if (!loaded.ok) throw new InvalidFactsError(loaded.problems.map(formatProblem));
  return new Catalog(loaded.facts, loaded.themes);
}
