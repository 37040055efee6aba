// The validated-pack cache: a pack loads from its cached JSON until its text changes, and the
// checks across packs still run on cached packs.
import { cpSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatProblem, loadFacts } from '../../src/facts/load.ts';
import { PackCache } from '../../src/facts/pack-cache.ts';
import type { Fact } from '../../src/facts/types.ts';
import { FACTS_DIR } from './support.ts';

function workspace() {
  const root = mkdtempSync(join(tmpdir(), 'dateline-cache-'));
  const facts = join(root, 'facts');
  cpSync(FACTS_DIR, facts, { recursive: true });
  return { facts, cache: join(root, 'cache') };
}

const entries = (dir: string) => readdirSync(dir).filter((name) => name.endsWith('.json'));
const load = (dirs: { facts: string; cache: string }) => loadFacts(dirs.facts, new PackCache(dirs.cache));

describe('PackCache', () => {
  it('serves a pack from its cached JSON while the pack’s text is unchanged', () => {
    const dirs = workspace();
    const first = load(dirs);
    expect(first.ok).toBe(true);
    const [entry] = entries(dirs.cache);
    expect(entry).toBeDefined();
    // Tamper with the entry: if the next load shows the change, it came from the cache, not the YAML.
    const cached = JSON.parse(readFileSync(join(dirs.cache, entry!), 'utf8')) as Fact[];
    cached[0]!.title = 'served from the cache';
    writeFileSync(join(dirs.cache, entry!), JSON.stringify(cached));
    const second = load(dirs);
    expect(second.ok && second.facts[0]!.title).toBe('served from the cache');
    expect(second.ok && second.facts.map((fact) => fact.id)).toEqual(first.ok && first.facts.map((fact) => fact.id));
  });

  it('reads an edited pack from YAML again and drops the stale entry', () => {
    const dirs = workspace();
    load(dirs);
    const [stale] = entries(dirs.cache);
    const pack = join(dirs.facts, 'korea-medical-ai.yaml');
    writeFileSync(pack, readFileSync(pack, 'utf8').replace('title: MFDS and US FDA sign', 'title: Edited — MFDS and US FDA sign'));
    const edited = load(dirs);
    expect(edited.ok && edited.facts.find((fact) => fact.id === 'mfds-fda-ai-mou')?.title).toMatch(/^Edited — /);
    expect(entries(dirs.cache)).toHaveLength(1);
    expect(entries(dirs.cache)).not.toContain(stale);
  });

  it('still checks a cached pack against the themes and the other packs', () => {
    const dirs = workspace();
    load(dirs);
    const themes = join(dirs.facts, 'themes.yaml');
    writeFileSync(themes, readFileSync(themes, 'utf8').replace(/ {2}- id: market\n( {4}.*\n)+/, ''));
    const result = load(dirs);
    expect(result.ok).toBe(false);
    const problems = result.ok ? [] : result.problems.map(formatProblem);
    expect(problems.length).toBeGreaterThan(0);
    expect(problems.every((line) => /korea-medical-ai\.yaml:\d+:\d+ unknown theme "market"/.test(line))).toBe(true);
  });

  it('never caches a pack with a problem', () => {
    const dirs = workspace();
    const pack = join(dirs.facts, 'korea-medical-ai.yaml');
    writeFileSync(pack, readFileSync(pack, 'utf8').replace('date: "2023-05"', 'date: "2023-02-30"'));
    expect(load(dirs).ok).toBe(false);
    expect(() => entries(dirs.cache)).toThrow();
  });
});
