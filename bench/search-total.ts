// `npm run bench:search-total -- [N]`: whether a search's `total` is honest (page 1's
// total, at 10 a page, against the facts that paging through lists), over the real packs and N
// generated facts, and search's latency at N facts (default 100,000), per query.
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { parse } from 'yaml';
import { Catalog } from '../src/facts/catalog.ts';
import { openCatalog } from '../src/facts/open.ts';
import type { Theme } from '../src/facts/types.ts';
import { generateFacts } from './generate-facts.ts';

const themes = (parse(readFileSync(new URL('../facts/themes.yaml', import.meta.url), 'utf8')) as { themes: Theme[] }).themes;
const size = Number(process.argv[2] ?? 100_000);
const QUERIES = ['lunit', 'kaist', 'merck korea', 'samsung medical center', 'daewong', 'deepcach', 'proteomics', 'lunanco', 'radi'];
const PACK_QUERIES = [
  'korea',
  'medical',
  'medical ai korea',
  'regulation',
  'kor',
  'imag',
  'hospital',
  'drug discovery',
  'fda',
  'ai',
  'cancer',
];
const ROUNDS = 300;

async function honesty(catalog: Catalog, queries: readonly string[], label: string): Promise<void> {
  await catalog.prepareSearch();
  const wrong = queries.flatMap((query) => {
    const shown = catalog.search(query, 10).total;
    const listed = catalog.search(query, catalog.facts.length).hits.length;
    return shown === listed ? [] : [`"${query}" says ${shown}, lists ${listed}`];
  });
  console.log(`${label}: ${queries.length - wrong.length}/${queries.length} totals honest${wrong.length ? ` (${wrong.join('; ')})` : ''}`);
}

await honesty(openCatalog(new URL('../facts', import.meta.url).pathname), PACK_QUERIES, 'the packs');
const generated = new Catalog(generateFacts(size, themes), themes);
await honesty(generated, [...QUERIES, ...PACK_QUERIES], `${size} generated facts`);
const ms = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e6;
const all: number[] = [];
for (const query of [...QUERIES, ...PACK_QUERIES]) {
  const times: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const start = process.hrtime.bigint();
    generated.search(query, 10);
    times.push(ms(start));
  }
  times.sort((a, b) => a - b);
  all.push(...times);
  console.log(`  ${query.padEnd(24)} p50 ${times[ROUNDS >> 1]!.toFixed(3)} ms  p99 ${times[Math.floor(ROUNDS * 0.99)]!.toFixed(3)} ms`);
}
all.sort((a, b) => a - b);
const at = (p: number) => all[Math.floor(p * (all.length - 1))]!.toFixed(3);
console.log(`search(query, 10) at ${size} facts: p50 ${at(0.5)} ms, p99 ${at(0.99)} ms (load average ${loadavg()[0]!.toFixed(2)})`);
