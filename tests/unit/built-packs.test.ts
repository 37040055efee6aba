// The built packs (src/facts/built.ts): one read-only file of facts, bodies and search index,
// built per pack file beside the database, opened at the next start while it matches the packs,
// brought up to date pack by pack when one changes, rebuilt when stale or corrupt, never kept
// when a pack is invalid, and never written into the packs' folder.
import { cpSync, readdirSync, readFileSync, renameSync, copyFileSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { stringify } from 'yaml';
import { describe, expect, it, onTestFinished, vi } from 'vitest';
import { adapters } from '../../adapters/index.ts';
import { runCli } from '../../src/cli/main.ts';
import { readCoreConfig } from '../../src/config.ts';
import { BUILT_FILE, buildPacks, openBuilt } from '../../src/facts/built.ts';
import { InvalidFactsError, loadFacts } from '../../src/facts/load.ts';
import { openCatalog, openConfiguredCatalog } from '../../src/facts/open.ts';
import type { Fact } from '../../src/facts/types.ts';
import { captureOutput, FACTS_DIR } from './support.ts';
import { testDir } from '../support/temp-dir.ts';

/** A second pack of `count` facts, one per day from 1 March 2021, to sit beside the real one. */
function secondPack(count: number, title = (i: number) => `Harbour record ${i}`): string {
  return stringify({
    sources: [{ id: 'harbour-log', title: 'The harbour log', publisher: 'Harbour Office', published: '2021-12-31' }],
    facts: Array.from({ length: count }, (_, i) => ({
      id: `harbour-${String(i).padStart(3, '0')}`,
      date: new Date(Date.UTC(2021, 2, 1 + i)).toISOString().slice(0, 10),
      title: title(i),
      summary: `Summary of harbour record ${i}.`,
      themes: ['regulation'],
      entities: ['Harbour Office'],
      quote: `Record ${i} of the harbour log.`,
    })),
  });
}

function workspace(second = secondPack(100)) {
  const root = testDir('built');
  const facts = join(root, 'facts');
  cpSync(FACTS_DIR, facts, { recursive: true });
  writeFileSync(join(facts, 'harbour.yaml'), second);
  return { facts, built: join(root, 'built') };
}

const open = (dirs: { facts: string; built: string }) => openCatalog(dirs.facts, { builtDir: dirs.built });
const build = (dirs: { facts: string; built: string }) => buildPacks(dirs.facts, { builtDir: dirs.built });
/** Every field of a fact, read through its getters: what a built fact must give back. */
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
const searched = (catalog: ReturnType<typeof open>, question: string) => catalog.search(question, 10).hits.map((hit) => hit.fact.id);
const QUESTIONS = ['lunit', 'harbour record', 'fda', 'vuno deep', 'luni', 'samsnug', 'harbor 42'];

/** Replaces a title in the built file's copy of a pack (the open catalog keeps reading the original): a mark only the file has. */
function markInFile(file: string, pack: string, title: string): void {
  const tampered = `${file}.tampered`;
  copyFileSync(file, tampered);
  const db = new Database(tampered);
  const columns = JSON.parse(db.prepare<[string], string>('SELECT facts FROM packs WHERE name = ?').pluck().get(pack)!) as {
    titles: string[];
  };
  columns.titles[0] = title;
  db.prepare('UPDATE packs SET facts = ? WHERE name = ?').run(JSON.stringify(columns), pack);
  db.close();
  renameSync(tampered, file);
}

describe('the built packs', () => {
  it('give back every fact as the YAML has it, with the themes and synonyms', () => {
    const dirs = workspace();
    const loaded = loadFacts(dirs.facts);
    if (!loaded.ok) throw new Error('the packs are invalid');
    const built = openBuilt(build(dirs).file)!;
    expect(built.facts.map(fields)).toEqual(loaded.facts.map(fields));
    expect(built.themes).toEqual(loaded.themes);
    expect(built.synonyms).toEqual(loaded.synonyms);
    built.db.close();
  });

  it('search from the built index as from one built in memory', () => {
    const dirs = workspace();
    const fromFile = open(dirs);
    const inMemory = openCatalog(dirs.facts);
    for (const question of QUESTIONS) expect(searched(fromFile, question), question).toEqual(searched(inMemory, question));
    expect(searched(fromFile, 'harbour record 7')[0]).toBe('harbour-007');
    fromFile.close();
  });

  it('keep the latest bodies read, frozen, and drop the one read least recently', () => {
    const dirs = workspace();
    const facts = open(dirs).facts.filter((fact) => fact.pack === 'harbour.yaml');
    const first = facts[0]!.citations;
    const second = facts[1]!.citations;
    expect(facts[0]!.citations).toBe(first);
    expect(Object.isFrozen(first) && Object.isFrozen(first[0])).toBe(true);
    for (const fact of facts.slice(2, 64)) expect(fact.summary).toBe(`Summary of harbour record ${Number(fact.id.slice(-3))}.`);
    // 64 bodies are kept; the first is read again, then a new one comes: the second, read least recently, goes.
    expect(facts[0]!.citations).toBe(first);
    expect(facts[64]!.summary).toBe('Summary of harbour record 64.');
    expect(facts[0]!.citations).toBe(first);
    expect(facts[1]!.citations).not.toBe(second);
    expect(facts[1]!.citations).toEqual(second);
  });

  it('close their file with the catalog', () => {
    const dirs = workspace();
    const catalog = open(dirs);
    expect(catalog.facts[0]!.summary).toBeTruthy();
    catalog.close();
    expect(() => catalog.facts[1]!.summary).toThrow(/not open/);
  });

  it('are opened at the next start instead of reading the YAML', () => {
    const dirs = workspace();
    expect(build(dirs).rebuilt).toEqual(['harbour.yaml', 'korea-medical-ai.yaml']);
    const file = join(dirs.built, BUILT_FILE);
    markInFile(file, 'korea-medical-ai.yaml', 'served from the built file');
    expect(build(dirs).rebuilt).toEqual([]);
    const catalog = open(dirs);
    expect(catalog.facts.find((fact) => fact.pack === 'korea-medical-ai.yaml')!.title).toBe('served from the built file');
  });

  it('build again only the pack that changed, and search it as a fresh build does', () => {
    const dirs = workspace();
    build(dirs);
    const file = join(dirs.built, BUILT_FILE);
    markInFile(file, 'korea-medical-ai.yaml', 'kept from the built file');
    // Half the facts retitled, a tenth gone: rows change, are removed and stay.
    writeFileSync(
      join(dirs.facts, 'harbour.yaml'),
      secondPack(90, (i) => (i % 2 ? `Harbor entry ${i} deepened` : `Harbour record ${i}`)),
    );
    const report = build(dirs);
    expect(report.rebuilt).toEqual(['harbour.yaml']);
    const updated = open(dirs);
    expect(updated.facts.find((fact) => fact.pack === 'korea-medical-ai.yaml')!.title).toBe('kept from the built file');
    expect(updated.fact('harbour-003')!.title).toBe('Harbor entry 3 deepened');
    expect(updated.fact('harbour-095')).toBeUndefined();
    // The same packs built from nothing search alike.
    const fresh = openCatalog(dirs.facts, { builtDir: join(dirs.built, '..', 'fresh') });
    for (const question of [...QUESTIONS, 'deepened', 'harbor entry', 'record 95'])
      expect(searched(updated, question), question).toEqual(searched(fresh, question));
    expect(searched(updated, 'record 95')).not.toContain('harbour-095');
  });

  it('are built again when a pack is touched, even with the same size and text', () => {
    const dirs = workspace();
    build(dirs);
    utimesSync(join(dirs.facts, 'harbour.yaml'), new Date(), new Date(Date.now() + 5_000));
    expect(build(dirs).rebuilt).toEqual(['harbour.yaml']);
    expect(build(dirs).rebuilt).toEqual([]);
  });

  it('are built again whole when the themes, the synonyms or the source texts change', () => {
    const dirs = workspace();
    build(dirs);
    utimesSync(join(dirs.facts, 'synonyms.yaml'), new Date(), new Date(Date.now() + 5_000));
    expect(build(dirs).rebuilt).toHaveLength(2);
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

  it('rebuild a corrupt file rather than serve it', () => {
    const dirs = workspace();
    build(dirs);
    const file = join(dirs.built, BUILT_FILE);
    writeFileSync(file, Buffer.alloc(8192, 7));
    expect(openBuilt(file)).toBeUndefined();
    expect(build(dirs).rebuilt).toHaveLength(2);
    const catalog = open(dirs);
    expect(catalog.facts.map((fact) => fact.id)).toEqual(open(workspace()).facts.map((fact) => fact.id));
    expect(searched(catalog, 'lunit')).not.toEqual([]);
  });

  it('never keep packs with a problem, and name a duplicate id across packs where it was first defined', () => {
    const dirs = workspace();
    build(dirs);
    const before = readFileSync(join(dirs.built, BUILT_FILE));
    writeFileSync(join(dirs.facts, 'harbour.yaml'), secondPack(3).replace('harbour-001', 'mfds-fda-ai-mou'));
    expect(() => build(dirs)).toThrow(InvalidFactsError);
    try {
      build(dirs);
    } catch (error) {
      // harbour.yaml comes first by name: the id is a duplicate in the pack that was not edited.
      expect((error as InvalidFactsError).lines).toEqual([
        expect.stringMatching(/korea-medical-ai\.yaml:\d+:\d+ duplicate id "mfds-fda-ai-mou" \(first defined at .*harbour\.yaml:\d+:\d+\)/),
      ]);
    }
    expect(readFileSync(join(dirs.built, BUILT_FILE)).equals(before)).toBe(true);
    const fresh = workspace(secondPack(3).replace('date: 2021-03-02', 'date: 2021-02-30'));
    expect(() => open(fresh)).toThrow(InvalidFactsError);
    expect(() => readdirSync(fresh.built)).toThrow();
  });

  it('live beside the database, never in the packs’ folder', () => {
    const dirs = workspace();
    const data = testDir('data');
    const config = readCoreConfig({ FACTS_DIR: dirs.facts, DATELINE_DB: join(data, 'dateline.db') });
    const listed = readdirSync(dirs.facts).sort();
    const catalog = openConfiguredCatalog(config);
    expect(catalog.facts.filter((fact) => fact.pack === 'harbour.yaml')).toHaveLength(100);
    expect(readdirSync(dirs.facts).sort()).toEqual(listed);
    expect(readdirSync(join(data, 'built'))).toEqual([BUILT_FILE]);
    catalog.close();
  });

  it('are built by dateline facts build, which says what it built and where the time went, or each problem', async () => {
    const dirs = workspace();
    const data = testDir('data');
    vi.stubEnv('DATELINE_DB', join(data, 'dateline.db'));
    vi.stubEnv('FACTS_SOURCES_DIR', '');
    onTestFinished(() => {
      vi.unstubAllEnvs();
    });
    const first = captureOutput();
    expect(await runCli(['facts', 'build', dirs.facts], adapters, first.out)).toBe(0);
    expect(first.text()).toMatch(
      /built\/packs\.db: built 2 of 2 packs \(harbour\.yaml, korea-medical-ai\.yaml\); parse \d+ ms, validate \d+ ms, index \d+ ms, write \d+ ms\n$/,
    );
    const again = captureOutput();
    expect(await runCli(['facts', 'build', dirs.facts], adapters, again.out)).toBe(0);
    expect(again.text()).toContain('is up to date with the 2 packs');
    writeFileSync(join(dirs.facts, 'harbour.yaml'), secondPack(3).replace('date: 2021-03-02', 'date: 2021-02-30'));
    const failed = captureOutput();
    expect(await runCli(['facts', 'build', dirs.facts], adapters, failed.out)).toBe(1);
    expect(failed.text()).toMatch(/harbour\.yaml:\d+:\d+ .*\n1 problem in /);
    expect(readdirSync(join(data, 'built'))).toEqual([BUILT_FILE]);
  });
});
