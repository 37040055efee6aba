// Reads a folder of fact packs (facts/*.yaml) and themes.yaml, validating everything and
// reporting each problem as file:line:col so that a pack author can fix it at once.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { isNode, LineCounter, parseDocument, type Document } from 'yaml';
import type { ZodType } from 'zod';
import { parseFactDate } from '../dates/fact-date.ts';
import { packSchema, themesSchema } from './schema.ts';
import type { Fact, Source, Theme } from './types.ts';

export const THEMES_FILE = 'themes.yaml';

export interface Problem {
  file: string;
  line: number;
  col: number;
  message: string;
}

export function formatProblem(problem: Problem): string {
  return `${problem.file}:${problem.line}:${problem.col} ${problem.message}`;
}

export type LoadResult =
  | { ok: true; facts: Fact[]; themes: Theme[] }
  | { ok: false; problems: Problem[] };

type Path = (string | number)[];

/** A parsed YAML file that can point at the line and column of any path inside it. */
class YamlFile {
  readonly problems: Problem[] = [];
  private readonly lines = new LineCounter();
  readonly doc: Document;

  constructor(readonly file: string) {
    this.doc = parseDocument(readFileSync(file, 'utf8'), { lineCounter: this.lines, prettyErrors: true });
    for (const error of this.doc.errors) {
      const at = error.linePos?.[0] ?? { line: 1, col: 1 };
      this.problems.push({ file, line: at.line, col: at.col, message: firstLine(error.message) });
    }
  }

  /** Where a path stands, or its nearest ancestor that exists (for a missing key). */
  position(path: Path): { line: number; col: number } {
    for (let depth = path.length; depth >= 0; depth--) {
      const node = this.doc.getIn(path.slice(0, depth), true);
      if (isNode(node) && node.range) return this.lines.linePos(node.range[0]);
    }
    return { line: 1, col: 1 };
  }

  report(path: Path, message: string): void {
    this.problems.push({ file: this.file, ...this.position(path), message });
  }

  /** Validates the document with a schema, reporting every issue at its place. */
  validate<T>(schema: ZodType<T>): T | undefined {
    if (this.problems.length > 0) return undefined;
    const result = schema.safeParse(this.doc.toJS());
    if (result.success) return result.data;
    for (const issue of result.error.issues) {
      const path = issue.path.filter((key): key is string | number => typeof key !== 'symbol');
      const where = path.length > 0 ? `${path.join('.')}: ` : '';
      this.report(path, `${where}${issue.message}`);
    }
    return undefined;
  }
}

function firstLine(message: string): string {
  return message.split('\n')[0] ?? message;
}

/** Loads and validates every pack in a folder. Nothing is returned unless all of it is valid. */
export function loadFacts(dir: string): LoadResult {
  const problems: Problem[] = [];
  if (!isDirectory(dir)) {
    return { ok: false, problems: [{ file: dir, line: 1, col: 1, message: 'no such folder of fact packs' }] };
  }
  const themes = loadThemes(join(dir, THEMES_FILE), problems);
  const themeIds = new Set(themes.map((theme) => theme.id));
  const packFiles = readdirSync(dir)
    .filter((name) => /\.ya?ml$/.test(name) && name !== THEMES_FILE)
    .sort();
  if (packFiles.length === 0) {
    problems.push({ file: dir, line: 1, col: 1, message: 'no fact packs (*.yaml) in this folder' });
  }
  const facts: Fact[] = [];
  const firstSeen = new Map<string, string>();
  for (const name of packFiles) {
    const yaml = new YamlFile(join(dir, name));
    for (const [index, fact] of readPack(yaml, name).entries()) {
      const path = ['facts', index];
      for (const [i, theme] of fact.themes.entries()) {
        if (!themeIds.has(theme)) yaml.report([...path, 'themes', i], `unknown theme "${theme}" (themes: ${[...themeIds].join(', ')})`);
      }
      const earlier = firstSeen.get(fact.id);
      if (earlier) yaml.report([...path, 'id'], `duplicate id "${fact.id}" (first defined at ${earlier})`);
      else firstSeen.set(fact.id, locate(yaml, [...path, 'id']));
      facts.push(fact);
    }
    problems.push(...yaml.problems);
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, facts, themes };
}

function readPack(yaml: YamlFile, packName: string): Fact[] {
  if (yaml.problems.length === 0 && yaml.doc.contents === null) {
    yaml.report([], 'the pack is empty: it needs a source and a list of facts');
    return [];
  }
  const pack = yaml.validate(packSchema);
  if (!pack) return [];
  if (pack.facts.length === 0) yaml.report(['facts'], 'the pack has no facts');
  const facts: Fact[] = [];
  for (const [index, raw] of pack.facts.entries()) {
    const source: Source | undefined = raw.source ?? pack.source;
    if (!source) yaml.report(['facts', index], 'no source: give the pack a source or this fact its own');
    const fact: Fact = {
      id: raw.id,
      title: raw.title,
      summary: raw.summary,
      themes: raw.themes,
      entities: raw.entities,
      quote: raw.quote.replace(/\s+/g, ' '),
      source: source ?? { title: '' },
      pack: packName,
    };
    if (raw.date !== undefined) {
      const checked = checkDate(raw.date);
      if (checked.ok) fact.date = checked.date;
      else yaml.report(['facts', index, 'date'], checked.reason);
    }
    facts.push(fact);
  }
  return facts;
}

function checkDate(value: string | number) {
  if (typeof value === 'number') {
    // An unquoted year is read by YAML as a number: take a whole four-digit year as what was meant.
    if (Number.isInteger(value) && value >= 1000 && value <= 9999) return parseFactDate(String(value));
    return { ok: false as const, reason: `date ${value} must be quoted text such as "2023" or "2023-06"` };
  }
  return parseFactDate(value);
}

function loadThemes(file: string, problems: Problem[]): Theme[] {
  if (!isFile(file)) {
    problems.push({ file, line: 1, col: 1, message: 'missing: list the themes here (id, title, description)' });
    return [];
  }
  const yaml = new YamlFile(file);
  const parsed = yaml.validate(themesSchema);
  const seen = new Set<string>();
  for (const [index, theme] of (parsed?.themes ?? []).entries()) {
    if (seen.has(theme.id)) yaml.report(['themes', index, 'id'], `duplicate theme id "${theme.id}"`);
    seen.add(theme.id);
  }
  problems.push(...yaml.problems);
  return parsed?.themes ?? [];
}

function locate(yaml: YamlFile, path: Path): string {
  const { line, col } = yaml.position(path);
  return `${yaml.file}:${line}:${col}`;
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}
