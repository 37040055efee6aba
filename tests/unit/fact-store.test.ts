// The fact store: validated packs open from one SQLite file of the pack cache until a pack (or a
// source text) changes, serve exactly the facts the YAML holds, and are never kept when invalid.
import { copyFileSync, cpSync, readdirSync, readFileSync, renameSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { catalogOrder } from '../../src/facts/catalog.ts';
import { factStoreFile, openFactStore, packsKey, writeFactStore } from '../../src/facts/fact-store.ts';
import { loadFacts } from '../../src/facts/load.ts';
import { InvalidFactsError, openCatalog } from '../../src/facts/open.ts';
import type { Fact } from '../../src/facts/types.ts';
import { FACTS_DIR, makeFact, THEMES } from './support.ts';
import { testDir } from '../support/temp-dir.ts';

function workspace() {
  const root = testDir('store');
  const facts = join(root, 'facts');
  cpSync(FACTS_DIR, facts, { recursive: true });
  return { facts, cache: join(root, 'cache') };
}

const stores = (dir: string) => readdirSync(dir).filter((name) => /^facts-[0-9a-f]+\.db$/.test(name));
const open = (dirs: { facts: string; cache: string }) => openCatalog(dirs.facts, { cacheDir: dirs.cache });
/** Every field of a fact, read through its getters: what a stored fact must give back. */
const fields = (fact: Fact) => ({
  id: fact.id,
  date: fact.date,
  title: fact.title,
  summary: fact.summary,
  themes: fact.themes,
  entities: fact.entities,
  aliases: fact.aliases,
  citations: fact.citations,
  pack: fact.pack,
});

/** A store of 100 facts, written and opened again: more than the shelf keeps. */
function hundredStoredFacts(): Fact[] {
  const facts = Array.from({ length: 100 }, (_, i) => makeFact(`fact-${String(i).padStart(3, '0')}`, '2021-05-31'));
  const file = factStoreFile(testDir('store'), 'test');
  expect(writeFactStore(file, { facts, themes: THEMES, synonyms: [] })).toBe(true);
  return openFactStore(file)!.facts;
}

describe('the fact store', () => {
  it('gives back every fact as the YAML has it, in the catalog’s order', () => {
    const loaded = loadFacts(FACTS_DIR);
    if (!loaded.ok) throw new Error('the packs are invalid');
    const file = factStoreFile(testDir('store'), 'test');
    expect(writeFactStore(file, loaded)).toBe(true);
    const stored = openFactStore(file)!;
    expect(stored.facts.map(fields)).toEqual(catalogOrder(loaded.facts).map(fields));
    expect(stored.themes).toEqual(loaded.themes);
    expect(stored.synonyms).toEqual(loaded.synonyms);
    expect(stored.facts.some((fact) => fact.date === undefined)).toBe(loaded.facts.some((fact) => fact.date === undefined));
  });

  it('keeps the latest bodies read, frozen, so that showing a fact reads it once', () => {
    const stored = hundredStoredFacts();
    const citations = stored[0]!.citations;
    expect(stored[0]!.citations).toBe(citations);
    expect(Object.isFrozen(citations) && Object.isFrozen(citations[0])).toBe(true);
    // Once 64 other bodies have been read since, it is read again: the kept ones are bounded.
    for (const fact of stored.slice(1, 65)) expect(fact.summary).toBe(`Summary of ${fact.id}.`);
    expect(stored[0]!.citations).not.toBe(citations);
    expect(stored[0]!.citations).toEqual(citations);
  });

  it('drops the body read least recently, so that a fact shown again and again stays kept', () => {
    const stored = hundredStoredFacts();
    const first = stored[0]!.citations;
    const second = stored[1]!.citations;
    for (const fact of stored.slice(2, 64)) expect(fact.summary).toBe(`Summary of ${fact.id}.`);
    // 64 bodies are kept; the first is read again, then a new one comes: the second, read least recently, goes.
    expect(stored[0]!.citations).toBe(first);
    expect(stored[64]!.summary).toBe(`Summary of ${stored[64]!.id}.`);
    expect(stored[0]!.citations).toBe(first);
    expect(stored[1]!.citations).not.toBe(second);
  });

  it('closes the store’s file with the catalog', () => {
    const dirs = workspace();
    open(dirs).close();
    const catalog = open(dirs);
    expect(catalog.facts[0]!.summary).toBeTruthy();
    catalog.close();
    expect(() => catalog.facts[1]!.summary).toThrow(/not open/);
  });

  it('opens the kept packs at the next start instead of reading the YAML', () => {
    const dirs = workspace();
    const first = open(dirs);
    const [store] = stores(dirs.cache);
    expect(store).toBeDefined();
    // Tamper with a copy of the store put in its place (the first catalog still reads the original):
    // if the next start shows the change, it came from the store, not the YAML.
    const tampered = join(dirs.cache, 'tampered');
    copyFileSync(join(dirs.cache, store!), tampered);
    const db = new Database(tampered);
    const columns = JSON.parse(db.prepare<[], string>("SELECT value FROM meta WHERE key = 'facts'").pluck().get()!) as { titles: string[] };
    columns.titles[0] = 'served from the store';
    db.prepare("UPDATE meta SET value = ? WHERE key = 'facts'").run(JSON.stringify(columns));
    db.close();
    renameSync(tampered, join(dirs.cache, store!));
    const second = open(dirs);
    expect(second.facts[0]!.title).toBe('served from the store');
    expect(second.facts.map((fact) => fact.id)).toEqual(first.facts.map((fact) => fact.id));
  });

  it('reads an edited pack from YAML again and drops the stale store', () => {
    const dirs = workspace();
    open(dirs);
    const [stale] = stores(dirs.cache);
    const pack = join(dirs.facts, 'korea-medical-ai.yaml');
    writeFileSync(pack, readFileSync(pack, 'utf8').replace('title: MFDS and US FDA sign', 'title: Edited — MFDS and US FDA sign'));
    expect(open(dirs).fact('mfds-fda-ai-mou')?.title).toMatch(/^Edited — /);
    expect(stores(dirs.cache)).toHaveLength(1);
    expect(stores(dirs.cache)).not.toContain(stale);
  });

  it('validates the packs afresh when the themes change under a kept store', () => {
    const dirs = workspace();
    open(dirs);
    const themes = join(dirs.facts, 'themes.yaml');
    writeFileSync(themes, readFileSync(themes, 'utf8').replace(/ {2}- id: market\n( {4}.*\n)+/, ''));
    expect(() => open(dirs)).toThrow(InvalidFactsError);
    try {
      open(dirs);
    } catch (error) {
      const lines = (error as InvalidFactsError).lines;
      expect(lines.length).toBeGreaterThan(0);
      expect(lines.every((line) => /korea-medical-ai\.yaml:\d+:\d+ unknown theme "market"/.test(line))).toBe(true);
    }
  });

  it('never keeps packs with a problem', () => {
    const dirs = workspace();
    const pack = join(dirs.facts, 'korea-medical-ai.yaml');
    writeFileSync(pack, readFileSync(pack, 'utf8').replace('date: "2023-05"', 'date: "2023-02-30"'));
    expect(() => open(dirs)).toThrow(InvalidFactsError);
    expect(() => stores(dirs.cache)).toThrow();
  });

  it('names the packs anew when a pack or a source text is touched, even with the same size', () => {
    const dirs = workspace();
    const texts = testDir('texts');
    writeFileSync(join(texts, 'article.txt'), 'text');
    const before = packsKey(dirs.facts, texts);
    expect(packsKey(dirs.facts, texts)).toBe(before);
    expect(packsKey(dirs.facts)).not.toBe(before);
    utimesSync(join(texts, 'article.txt'), new Date(), new Date(Date.now() + 5_000));
    const textTouched = packsKey(dirs.facts, texts);
    expect(textTouched).not.toBe(before);
    utimesSync(join(dirs.facts, 'synonyms.yaml'), new Date(), new Date(Date.now() + 5_000));
    expect(packsKey(dirs.facts, texts)).not.toBe(textTouched);
  });
});
