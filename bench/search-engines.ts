// Search engines side by side on the same generated facts and the same queries (exact words,
// prefixes, typos, multi-word questions): SQLite FTS5 ranked by bm25() with LIMIT (what the
// catalog uses, src/facts/search-index.ts), FlexSearch, and MiniSearch as the catalog used it
// (exact words first, prefixes and typos only when short of ten results: MiniSearch has no option
// to stop scoring after k candidates, and this was its nearest). Each engine's calls are
// interleaved with the others', query by query, so that load on the machine falls on all alike.
import { Document } from 'flexsearch';
import MiniSearch from 'minisearch';
import { SearchIndex } from '../src/facts/search-index.ts';
import type { Fact } from '../src/facts/types.ts';
import { contentWords, searchTerm, WORD_SEPARATORS } from '../src/facts/words.ts';
import { percentile, type Spread, spread } from './stats.ts';

const LIMIT = 10;

interface Engine {
  name: string;
  search(text: string): Fact[];
}

type Kind = 'exact' | 'prefix' | 'typo' | 'question';

interface Query {
  kind: Kind;
  text: string;
  /** The words a good first result has in its title or entities (for a prefix or typo query: the word meant). */
  meant: string[];
}

export interface EngineFigures {
  engine: string;
  build_ms: number;
  /** Growth of the process's resident memory while the index was built (SQLite's memory is outside the heap). */
  rss_mb: number;
  heap_mb: number;
  median_us: Spread;
  p99_us: Spread;
  /** The same figures for each kind of query alone. */
  by_kind: Record<Kind, { median_us: Spread; p99_us: Spread }>;
  /** Share of queries whose first result has the meant words in its title or entities, by kind. */
  first_result_named: Record<Kind, number>;
  /** Share of queries with any result, by kind. */
  answered: Record<Kind, number>;
}

const words = (text: string) => text.toLowerCase().split(WORD_SEPARATORS).filter(Boolean);

/** Queries drawn from the facts themselves, deterministically. */
function queriesFor(facts: readonly Fact[], count: number): Query[] {
  const queries: Query[] = [];
  const names = [...new Set(facts.flatMap((fact) => fact.entities))].filter((name) => name.length >= 6);
  const titleWords = [...new Set(facts.flatMap((fact) => words(fact.title).slice(1)))].filter(
    (word) => word.length >= 6 && searchTerm(word) === word,
  );
  for (let i = 0; queries.length < count; i++) {
    const name = names[(i * 7919) % names.length]!;
    const word = titleWords[(i * 104_729) % titleWords.length]!;
    const lower = name.toLowerCase();
    const cut = 1 + (i % (lower.length - 2));
    switch (i % 4) {
      case 0:
        queries.push({ kind: 'exact', text: i % 8 === 0 ? lower : word, meant: [i % 8 === 0 ? lower : word] });
        break;
      case 1:
        queries.push({ kind: 'prefix', text: lower.slice(0, Math.max(4, lower.length - 2)), meant: [lower] });
        break;
      case 2:
        queries.push({ kind: 'typo', text: lower.slice(0, cut) + lower.slice(cut + 1), meant: [lower] });
        break;
      case 3: {
        // About a fact that exists: its entity and a word of its title.
        const about = facts[(i * 7919) % facts.length]!;
        const entity = about.entities[0] ?? name;
        const topic =
          words(about.title)
            .slice(1)
            .find((candidate) => candidate.length >= 6 && searchTerm(candidate) === candidate) ?? word;
        queries.push({ kind: 'question', text: `what did ${entity} do about ${topic}?`, meant: [entity.toLowerCase(), topic] });
        break;
      }
    }
  }
  return queries;
}

function fts5(facts: readonly Fact[]): Engine {
  const index = SearchIndex.build(facts, []);
  return {
    name: 'SQLite FTS5, bm25() + LIMIT',
    search: (text) => index.search(text, LIMIT).hits.map((hit) => facts[hit.position]!),
  };
}

function flexsearch(facts: readonly Fact[]): Engine {
  const index = new Document<{ id: number; title: string; entities: string; summary: string }>({
    document: { id: 'id', index: ['title', 'entities', 'summary'] },
    tokenize: 'forward',
    encoder: 'LatinAdvanced',
  });
  facts.forEach((fact, id) => {
    index.add({ id, title: fact.title, entities: fact.entities.join(' '), summary: fact.summary });
  });
  return {
    name: 'FlexSearch (forward, LatinAdvanced)',
    search: (text) => index.search(contentWords(text).join(' '), { limit: LIMIT, merge: true }).map((hit) => facts[hit.id as number]!),
  };
}

function minisearch(facts: readonly Fact[]): Engine {
  const byId = new Map(facts.map((fact) => [fact.id, fact]));
  const index = new MiniSearch<Fact>({
    fields: ['title', 'entityText', 'summary'],
    storeFields: [],
    extractField: (fact, field) =>
      field === 'id' ? fact.id : field === 'entityText' ? fact.entities.join(' ') : (fact[field as 'title' | 'summary'] ?? ''),
    tokenize: (text) => text.split(WORD_SEPARATORS),
    processTerm: (term) => (term ? searchTerm(term) : null),
    searchOptions: {
      boost: { title: 3, entityText: 3 },
      prefix: (term) => term.length >= 3,
      fuzzy: (term) => (term.length >= 5 ? 0.2 : false),
      maxFuzzy: 2,
      combineWith: 'AND',
    },
  });
  index.addAll(facts as Fact[]);
  return {
    name: 'MiniSearch (exact first)',
    search: (text) => {
      const query = contentWords(text).join(' ');
      let results = index.search(query, { prefix: false, fuzzy: false });
      if (results.length < LIMIT) results = index.search(query);
      return results.slice(0, LIMIT).map((result) => byId.get(result.id as string)!);
    },
  };
}

function measured(build: () => Engine): { engine: Engine; build_ms: number; rss_mb: number; heap_mb: number } {
  globalThis.gc?.();
  const before = process.memoryUsage();
  const started = performance.now();
  const engine = build();
  const build_ms = Math.round(performance.now() - started);
  globalThis.gc?.();
  const after = process.memoryUsage();
  return {
    engine,
    build_ms,
    rss_mb: Math.round((after.rss - before.rss) / 1e6),
    heap_mb: Math.round((after.heapUsed - before.heapUsed) / 1e6),
  };
}

const named = (fact: Fact | undefined, meant: string[]) => {
  if (!fact) return false;
  const text = `${fact.title} ${fact.entities.join(' ')}`.toLowerCase();
  return meant.every((word) => text.includes(word));
};

const share = (queries: Query[], kind: Kind, ok: (query: Query, index: number) => boolean) => {
  const ofKind = queries.map((query, index) => ({ query, index })).filter(({ query }) => query.kind === kind);
  return Math.round((100 * ofKind.filter(({ query, index }) => ok(query, index)).length) / ofKind.length) / 100;
};

/** Every engine on `facts`, `runs` times over `queryCount` queries, calls interleaved. */
export function benchSearchEngines(facts: readonly Fact[], options: { queryCount: number; runs: number }): EngineFigures[] {
  const built = [measured(() => fts5(facts)), measured(() => flexsearch(facts)), measured(() => minisearch(facts))];
  const queries = queriesFor(facts, options.queryCount);
  const firsts = built.map(({ engine }) => queries.map((query) => engine.search(query.text)));
  // Warm-up, then runs in which each query is asked of every engine in turn, the order rotating.
  for (const { engine } of built) for (const query of queries.slice(0, 50)) engine.search(query.text);
  const runs = Array.from({ length: options.runs }, () => {
    const samples = built.map(() => [] as number[]);
    queries.forEach((query, q) => {
      for (let k = 0; k < built.length; k++) {
        const e = (q + k) % built.length;
        const start = process.hrtime.bigint();
        built[e]!.engine.search(query.text);
        samples[e]!.push(Number(process.hrtime.bigint() - start) / 1_000);
      }
    });
    return samples;
  });
  const kinds: Kind[] = ['exact', 'prefix', 'typo', 'question'];
  return built.map(({ engine, build_ms, rss_mb, heap_mb }, e) => ({
    engine: engine.name,
    build_ms,
    rss_mb,
    heap_mb,
    median_us: spread(runs.map((samples) => percentile(samples[e]!, 0.5))),
    p99_us: spread(runs.map((samples) => percentile(samples[e]!, 0.99))),
    by_kind: Object.fromEntries(
      kinds.map((kind) => {
        const ofKind = (samples: number[]) => samples.filter((_sample, q) => queries[q]!.kind === kind);
        return [
          kind,
          {
            median_us: spread(runs.map((samples) => percentile(ofKind(samples[e]!), 0.5))),
            p99_us: spread(runs.map((samples) => percentile(ofKind(samples[e]!), 0.99))),
          },
        ];
      }),
    ) as EngineFigures['by_kind'],
    first_result_named: Object.fromEntries(
      kinds.map((kind) => [kind, share(queries, kind, (query, q) => named(firsts[e]![q]![0], query.meant))]),
    ) as Record<Kind, number>,
    answered: Object.fromEntries(kinds.map((kind) => [kind, share(queries, kind, (_query, q) => firsts[e]![q]!.length > 0)])) as Record<
      Kind,
      number
    >,
  }));
}
