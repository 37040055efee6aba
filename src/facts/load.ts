// Reads a folder of fact packs (facts/*.yaml) and themes.yaml, validating everything and
// reporting each problem as file:line:col so that a pack author can fix it at once.
//
// Valid packs, the common case, take the fast road: js-yaml reads them and zod checks them.
// Only a file with a problem is read again with `yaml`, whose LineCounter turns each problem's
// path into a line and column. This is the one place js-yaml is used, and the reason there are
// two YAML libraries: on a generated 100,000-fact pack (50 MB) js-yaml reads in 1.8 s and
// `yaml` in 23.6 s, and that read is the first start after every edit of a pack.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { CORE_SCHEMA, load } from 'js-yaml';
import { isNode, LineCounter, parseDocument, type Document } from 'yaml';
import type { ZodType } from 'zod';
import { factDateText, parseFactDate } from '../dates/fact-date.ts';
import { packSchema, synonymsSchema, themesSchema, type PackFile } from './schema.ts';
import { quoteProblem, SourceTexts, type SourceText } from './provenance.ts';
import type { Citation, Fact, Source, Theme } from './types.ts';

export const THEMES_FILE = 'themes.yaml';
export const SYNONYMS_FILE = 'synonyms.yaml';

export interface Problem {
  file: string;
  line: number;
  col: number;
  message: string;
}

export class InvalidFactsError extends Error {
  constructor(readonly lines: string[]) {
    super(`The fact packs are invalid:\n${lines.join('\n')}`);
  }
}

/** Time spent reading packs (ms): parsing their YAML, and validating what it holds. */
export interface TimeSpent {
  parse: number;
  validate: number;
}

export function formatProblem(problem: Problem): string {
  return `${problem.file}:${problem.line}:${problem.col} ${problem.message}`;
}

export type LoadResult = { ok: true; facts: Fact[]; themes: Theme[]; synonyms: string[][] } | { ok: false; problems: Problem[] };

type Path = (string | number)[];

/** One YAML file: its data, and the problems found in it, located only when there are any. */
class YamlFile {
  private readonly found: { path: Path; message: string }[] = [];
  private syntaxProblems: Problem[] = [];
  /** The file read by `yaml`, only once a problem needs a line and column. */
  private located: { lines: LineCounter; doc: Document } | undefined;
  readonly data: unknown;

  constructor(
    readonly file: string,
    // Read whole, then decoded: readFileSync(file, 'utf8') touches 65 MB more memory for a 50 MB
    // pack, and takes 0.3 s longer (704–726 ms against 391–426 on the bench machine).
    private readonly text = readFileSync(file).toString('utf8'),
  ) {
    try {
      this.data = load(this.text, { schema: CORE_SCHEMA, filename: file });
    } catch {
      this.syntaxProblems = this.locateSyntaxErrors();
    }
  }

  get valid(): boolean {
    return this.syntaxProblems.length === 0 && this.found.length === 0;
  }

  get readable(): boolean {
    return this.syntaxProblems.length === 0;
  }

  /** The parsed value at a path, or undefined. */
  at(path: Path): unknown {
    let value = this.data;
    for (const key of path)
      value = value !== null && typeof value === 'object' ? (value as Record<string | number, unknown>)[key] : undefined;
    return value;
  }

  report(path: Path, message: string): void {
    this.found.push({ path, message });
  }

  /** Validates the data with a schema, reporting every issue at its path. */
  validate<T>(schema: ZodType<T>): T | undefined {
    if (!this.readable) return undefined;
    const result = schema.safeParse(this.data);
    if (result.success) return result.data;
    for (const issue of result.error.issues) {
      const path = issue.path.filter((key): key is string | number => typeof key !== 'symbol');
      this.report(path, `${path.length > 0 ? `${path.join('.')}: ` : ''}${issue.message}`);
    }
    return undefined;
  }

  /** Every problem with its line and column. */
  problems(): Problem[] {
    return [...this.syntaxProblems, ...this.found.map(({ path, message }) => ({ file: this.file, ...this.position(path), message }))];
  }

  /** Where a path stands in the file, or its nearest ancestor that exists (for a missing key). */
  position(path: Path): { line: number; col: number } {
    this.located ??= (() => {
      const lines = new LineCounter();
      return { lines, doc: parseDocument(this.text, { lineCounter: lines }) };
    })();
    for (let depth = path.length; depth >= 0; depth--) {
      const node = this.located.doc.getIn(path.slice(0, depth), true);
      if (isNode(node) && node.range) return this.located.lines.linePos(node.range[0]);
    }
    return { line: 1, col: 1 };
  }

  private locateSyntaxErrors(): Problem[] {
    const doc = parseDocument(this.text, { lineCounter: new LineCounter(), prettyErrors: true });
    const problems = doc.errors.map((error) => {
      const at = error.linePos?.[0] ?? { line: 1, col: 1 };
      return { file: this.file, line: at.line, col: at.col, message: error.message.split(/\s+at line \d+|\n/)[0]! };
    });
    return problems.length > 0 ? problems : [{ file: this.file, line: 1, col: 1, message: 'not readable as YAML' }];
  }
}

/** What every pack is checked against: the themes, the synonym groups and the source texts. */
export interface PackRules {
  themes: Theme[] | undefined;
  synonyms: string[][];
  /** The pack files of the folder, by name. */
  packFiles: string[];
  texts: SourceTexts | undefined;
  problems: Problem[];
}

/** The pack files of a folder, by name: every YAML file but the themes and the synonyms. */
export const packFileNames = (dir: string): string[] =>
  readdirSync(dir)
    .filter((name) => /\.ya?ml$/.test(name) && name !== THEMES_FILE && name !== SYNONYMS_FILE)
    .sort();

/** Reads what every pack of a folder is checked against, and lists the packs. */
export function packRules(dir: string, sourcesDir?: string): PackRules {
  if (!isDirectory(dir)) {
    const message = 'no such folder of fact packs (set FACTS_DIR to the folder that holds them)';
    return { themes: undefined, synonyms: [], packFiles: [], texts: undefined, problems: [{ file: dir, line: 1, col: 1, message }] };
  }
  const problems: Problem[] = [];
  const themes = loadThemes(join(dir, THEMES_FILE), problems);
  const synonyms = loadSynonyms(join(dir, SYNONYMS_FILE), problems);
  const packFiles = packFileNames(dir);
  if (packFiles.length === 0) problems.push({ file: dir, line: 1, col: 1, message: 'no fact packs (*.yaml) in this folder' });
  if (sourcesDir !== undefined && !isDirectory(sourcesDir)) {
    problems.push({ file: sourcesDir, line: 1, col: 1, message: 'no such folder of source texts (--sources or FACTS_SOURCES_DIR)' });
  }
  const texts = sourcesDir !== undefined && isDirectory(sourcesDir) ? new SourceTexts(sourcesDir) : undefined;
  return { themes, synonyms, packFiles, texts, problems };
}

/** One pack file read and validated against the rules, but not against the other packs (ids are unique across them). */
function readPackFile(dir: string, name: string, rules: PackRules, spent?: TimeSpent): { yaml: YamlFile; facts: Fact[] } {
  // Without a readable theme list every theme would be "unknown": say so once, not per fact.
  const themeIds = rules.themes ? new Set(rules.themes.map((theme) => theme.id)) : undefined;
  const started = performance.now();
  const yaml = new YamlFile(join(dir, name));
  const parsed = performance.now();
  const facts = readPack(yaml, name);
  facts.forEach((fact, index) => {
    fact.themes.forEach((theme, i) => {
      if (themeIds && !themeIds.has(theme))
        yaml.report(['facts', index, 'themes', i], `unknown theme "${theme}" (themes: ${[...themeIds].join(', ')})`);
    });
  });
  if (rules.texts) checkQuotes(yaml, facts, rules.texts);
  if (spent) {
    spent.parse += parsed - started;
    spent.validate += performance.now() - parsed;
  }
  return { yaml, facts };
}

/**
 * One pack's facts, validated as loadFacts validates them but without comparing its ids with
 * other packs' (the caller does), or undefined when it has a problem (loadFacts then says which).
 */
export function loadPack(dir: string, name: string, rules: PackRules, spent?: TimeSpent): Fact[] | undefined {
  const { yaml, facts } = readPackFile(dir, name, rules, spent);
  return yaml.valid ? facts : undefined;
}

/**
 * Loads and validates every pack in a folder. Nothing is returned unless all of it is valid.
 * With a folder of source texts, every quote is checked against its source's text.
 */
export function loadFacts(dir: string, sourcesDir?: string): LoadResult {
  const rules = packRules(dir, sourcesDir);
  const problems = [...rules.problems];
  const facts: Fact[] = [];
  const firstSeen = new Map<string, { yaml: YamlFile; index: number }>();
  for (const name of rules.packFiles) {
    const { yaml, facts: packFacts } = readPackFile(dir, name, rules);
    for (const [index, fact] of packFacts.entries()) {
      const earlier = firstSeen.get(fact.id);
      if (earlier) {
        const at = earlier.yaml.position(['facts', earlier.index, 'id']);
        yaml.report(['facts', index, 'id'], `duplicate id "${fact.id}" (first defined at ${earlier.yaml.file}:${at.line}:${at.col})`);
      } else firstSeen.set(fact.id, { yaml, index });
      facts.push(fact);
    }
    if (!yaml.valid) problems.push(...yaml.problems());
  }
  if (problems.length > 0 || !rules.themes) return { ok: false, problems };
  return { ok: true, facts, themes: rules.themes, synonyms: rules.synonyms };
}

/** One pack file's fact ids and quotes, or undefined when it is not a valid pack. */
export function loadPackFile(file: string): { ids: string[]; quotes: string[] } | undefined {
  let yaml: YamlFile;
  try {
    yaml = new YamlFile(file);
  } catch {
    return undefined;
  }
  const facts = readPack(yaml, file);
  if (!yaml.valid) return undefined;
  return { ids: facts.map((fact) => fact.id), quotes: facts.flatMap((fact) => fact.citations.map((cited) => cited.quote)) };
}

function readPack(yaml: YamlFile, packName: string): Fact[] {
  if (yaml.readable && (yaml.data === undefined || yaml.data === null)) {
    yaml.report([], 'the pack is empty: it needs sources and a list of facts');
    return [];
  }
  const pack = yaml.validate(packSchema);
  if (!pack) return [];
  if (pack.facts.length === 0) yaml.report(['facts'], 'the pack has no facts');
  const sources = readSources(yaml, pack.sources);
  const sourceIds = [...sources.keys()].join(', ');
  const citation = (id: string, quote: string, path: Path): Citation | undefined => {
    const source = sources.get(id);
    if (!source) yaml.report(path, `unknown source "${id}" (this pack's sources: ${sourceIds})`);
    // Runs of white space as one space; split and join is several times faster than a global replace on 100,000 quotes.
    return source && { source, quote: quote.split(/\s+/).join(' ') };
  };
  return pack.facts.map((raw, index) => {
    const path = ['facts', index];
    let citations: (Citation | undefined)[];
    if (raw.sources) {
      if (raw.quote !== undefined || raw.source !== undefined) yaml.report(path, 'give either quote (and source) or sources, not both');
      citations = raw.sources.map((cited, i) => citation(cited.id, cited.quote, [...path, 'sources', i, 'id']));
    } else if (raw.quote === undefined) {
      yaml.report([...path, 'quote'], 'quote: is required (or sources: [{id, quote}, ...])');
      citations = [];
    } else {
      citations = [citation(raw.source ?? pack.sources[0]!.id, raw.quote, [...path, raw.source ? 'source' : 'quote'])];
    }
    const fact: Fact = {
      id: raw.id,
      title: raw.title,
      summary: raw.summary,
      themes: raw.themes,
      entities: raw.entities,
      aliases: raw.aliases,
      citations: citations.filter((cited) => cited !== undefined),
      pack: packName,
    };
    if (raw.date !== undefined) {
      const checked = checkDate(raw.date);
      if (checked.ok) fact.date = checked.date;
      else yaml.report([...path, 'date'], checked.reason);
    }
    return fact;
  });
}

/** The pack's sources by id, each with its publication date in canonical form. */
function readSources(yaml: YamlFile, records: PackFile['sources']): Map<string, Source> {
  const sources = new Map<string, Source>();
  records.forEach((record, index) => {
    if (sources.has(record.id)) {
      yaml.report(['sources', index, 'id'], `duplicate source id "${record.id}"`);
      return;
    }
    const { published, ...rest } = record;
    const source: Source = rest;
    if (published !== undefined) {
      const checked = checkDate(published);
      if (checked.ok) source.published = factDateText(checked.date);
      else yaml.report(['sources', index, 'published'], checked.reason);
    }
    sources.set(record.id, source);
  });
  return sources;
}

/** Reports each source whose text is missing or edited, and each quote not found in its source's text. */
function checkQuotes(yaml: YamlFile, facts: Fact[], texts: SourceTexts): void {
  const checked = new Map<string, SourceText | undefined>();
  const sourcePath = (source: Source, key: string): Path => {
    const records = yaml.at(['sources']);
    const index = Array.isArray(records) ? records.findIndex((record) => (record as { id?: unknown } | null)?.id === source.id) : 0;
    return ['sources', index, key];
  };
  const textOf = (source: Source): SourceText | undefined => {
    if (checked.has(source.id)) return checked.get(source.id);
    let text: SourceText | undefined;
    if (!source.text) {
      yaml.report(sourcePath(source, 'id'), `source "${source.id}" names no text file (text: FILE), so its quotes cannot be checked`);
    } else {
      text = texts.get(source.text);
      if (!text) yaml.report(sourcePath(source, 'text'), `${source.text} is not in ${texts.dir}`);
      else if (!source.sha256) yaml.report(sourcePath(source, 'text'), `record the text's sha256: ${text.sha256}`);
      else if (source.sha256 !== text.sha256) {
        yaml.report(
          sourcePath(source, 'sha256'),
          `${source.text} has sha256 ${text.sha256}, not the one recorded: the text was edited, or the record is stale`,
        );
      }
    }
    checked.set(source.id, text);
    return text;
  };
  facts.forEach((fact, index) => {
    fact.citations.forEach(({ source, quote }, i) => {
      const text = textOf(source);
      const problem = text && quoteProblem(quote, text, source.text!);
      if (!problem) return;
      const several = yaml.at(['facts', index, 'sources']) !== undefined;
      yaml.report(several ? ['facts', index, 'sources', i, 'quote'] : ['facts', index, 'quote'], problem);
    });
  });
}

function checkDate(value: string | number) {
  if (typeof value === 'number') {
    // An unquoted year is read by YAML as a number: take a whole four-digit year as what was meant.
    if (Number.isInteger(value) && value >= 1000 && value <= 9999) return parseFactDate(String(value));
    return { ok: false as const, reason: `date ${value} must be quoted text such as "2023" or "2023-06"` };
  }
  return parseFactDate(value);
}

/** The theme list, or undefined when it is missing or invalid (its problems are reported). */
function loadThemes(file: string, problems: Problem[]): Theme[] | undefined {
  if (!isFile(file)) {
    problems.push({ file, line: 1, col: 1, message: 'missing: list the themes here (id, title, description)' });
    return undefined;
  }
  const yaml = new YamlFile(file);
  const parsed = yaml.validate(themesSchema);
  const seen = new Set<string>();
  parsed?.themes.forEach((theme, index) => {
    if (seen.has(theme.id)) yaml.report(['themes', index, 'id'], `duplicate theme id "${theme.id}"`);
    seen.add(theme.id);
  });
  if (!yaml.valid) {
    problems.push(...yaml.problems());
    return undefined;
  }
  return parsed?.themes;
}

/** The optional synonym groups; a missing file is no groups, an invalid one is reported. */
function loadSynonyms(file: string, problems: Problem[]): string[][] {
  if (!isFile(file)) return [];
  const yaml = new YamlFile(file);
  const parsed = yaml.validate(synonymsSchema);
  if (!yaml.valid) problems.push(...yaml.problems());
  return parsed?.groups ?? [];
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
