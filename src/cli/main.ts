// The `dateline` command line: ask, digest, facts check and draft, console, serve, run-due, installs, webhooks.
// The adapters (their factories, renderers and the console) are handed in as data by the
// composition root in adapters/, so that the core never imports a platform.
import { parseArgs } from 'node:util';
import { isValid } from 'date-fns/isValid';
import { parseISO } from 'date-fns/parseISO';
import type { AdapterFactory } from '../adapter.ts';
import { openDateline } from '../app.ts';
import type { Briefing } from '../briefing/model.ts';
import { notice } from '../briefing/model.ts';
import { ConfigError, readCoreConfig, type CoreConfig } from '../config.ts';
import { isTimeZone } from '../dates/calendar.ts';
import type { Dateline } from '../dateline.ts';
import { type BuildReport, buildPacks } from '../facts/built.ts';
import { formatProblem, InvalidFactsError, loadFacts } from '../facts/load.ts';
import { builtDirOf } from '../facts/open.ts';
import { nativeModuleProblem } from '../store/native-module.ts';
import { VERSION } from '../version.ts';
import { UsageError } from './usage-error.ts';

export type Renderer = (briefing: Briefing) => string;

/** What the build's adapters give the command line. */
export interface CliAdapters {
  /** `--format` renderers by name; `text` is required. */
  formats: Record<string, Renderer>;
  console(dateline: Dateline, options: { zone: string; at?: Date }): Promise<void>;
  /** The chat platforms `serve` and `run-due` run, each enabled by its own configuration. */
  factories: AdapterFactory[];
}

const USAGE = `Usage:
  dateline serve                                   the bot (npm start runs this)
  dateline ask "<command>" [--format text|slack|teams] [--at ISO-8601] [--tz Zone]
  dateline digest daily|weekly [--at ISO] [--tz Zone] [--theme id] [--format ...]
  dateline run-due [--at ISO]                      deliver what is due at that instant, then exit
  dateline facts check [DIR] [--sources SRC_DIR]   and every quote against its source's text (default FACTS_SOURCES_DIR)
  dateline facts build [DIR] [--sources SRC_DIR]   checks as check does, then builds the file serve reads (docs/built-packs.md)
  dateline facts draft ARTICLE|URL [--source-id ID] [--title T] [--url U] [--publisher P] [--published YYYY-MM-DD]
                       [--author A] [-o FILE] [--merge PACK]     a draft pack from an article, for review
  dateline console [--at ISO] [--tz Zone]          local chat in the terminal, no credentials
  dateline installs [list | show ID | forget ID]   installations (Slack OAuth, Teams teams); forget deletes one's data
  dateline webhooks add NAME URL --format teams-workflow|slack|google-chat|discord [--daily HH:MM] [--weekly DAY HH:MM]
                    [--theme ID] [--zone Zone/Name]  |  webhooks list | remove NAME | test NAME
  dateline db status | migrate | backup FILE       the store: migrations and sizes; migrate; an online SQLite backup
  dateline --version`;

const OPTIONS = {
  format: { type: 'string' },
  at: { type: 'string' },
  tz: { type: 'string' },
  theme: { type: 'string' },
  sources: { type: 'string' },
  'source-id': { type: 'string' },
  title: { type: 'string' },
  url: { type: 'string' },
  publisher: { type: 'string' },
  published: { type: 'string' },
  author: { type: 'string' },
  output: { type: 'string', short: 'o' },
  merge: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'v' },
} as const;

/**
 * Runs one CLI invocation and returns the exit code: 0, 1 for invalid fact packs, 2 for a usage
 * or configuration error (said in one line on stderr).
 */
export async function main(argv: string[], adapters: CliAdapters, out: NodeJS.WritableStream = process.stdout): Promise<number> {
  try {
    return await runCli(argv, adapters, out);
  } catch (error) {
    if (error instanceof UsageError || error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      return 2;
    }
    const native = nativeModuleProblem(error);
    if (native) {
      process.stderr.write(`${native}\n`);
      return 2;
    }
    if (error instanceof InvalidFactsError) {
      process.stderr.write(`${error.message}\n`);
      return 1;
    }
    if (error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS')) {
      process.stderr.write(`${error.message}\nRun dateline --help for usage.\n`);
      return 2;
    }
    throw error;
  }
}

/** Runs one CLI invocation; usage, configuration and fact-pack errors are thrown. */
export async function runCli(argv: string[], adapters: CliAdapters, out: NodeJS.WritableStream = process.stdout): Promise<number> {
  // Its own options (--weekly takes two words): parsed by webhooks.ts.
  if (argv[0] === 'webhooks') {
    const { webhooks } = await import('./webhooks.ts');
    return webhooks(argv.slice(1), readCoreConfig(), adapters.factories, out);
  }
  const { values, positionals } = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  const [verb, ...rest] = positionals;
  if (values.version) {
    out.write(`dateline ${VERSION}\n`);
    return 0;
  }
  if (values.help || !verb) {
    out.write(`${USAGE}\n`);
    return verb || values.help ? 0 : 2;
  }
  const config = readCoreConfig();
  const at = parseInstant(values.at);
  const zone = values.tz ?? config.zone;
  if (!isTimeZone(zone)) throw new UsageError(`--tz ${zone} is not an IANA time zone, such as Asia/Seoul.`);
  const render = (briefing: Briefing) => {
    const format = values.format ?? 'text';
    const renderer = adapters.formats[format];
    if (!renderer) throw new UsageError(`--format ${format} is not one of: ${Object.keys(adapters.formats).join(', ')}.`);
    out.write(`${renderer(briefing)}\n`);
  };
  switch (verb) {
    case 'ask': {
      if (rest.length === 0) throw new UsageError('ask needs a command, such as: dateline ask "search lunit"');
      render(await openDateline(config).ask(rest.join(' '), { now: at ?? new Date(), zone }));
      return 0;
    }
    case 'digest': {
      render(digest(openDateline(config), rest[0], at ?? new Date(), zone, values.theme));
      return 0;
    }
    case 'facts':
      if (rest[0] === 'draft') {
        const { draftFacts } = await import('./draft.ts');
        return draftFacts(rest.slice(1), values, config, out);
      }
      if (rest[0] === 'build') return buildFacts(rest[1] ?? config.factsDir, config, values.sources ?? config.sourcesDir, out);
      return checkFacts(rest, config, values.sources ?? config.sourcesDir, out);
    case 'console':
      await adapters.console(openDateline(config), { zone, ...(at ? { at } : {}) });
      return 0;
    case 'serve': {
      const { serve } = await import('../server/serve.ts');
      await serve({ config, env: process.env, adapters: adapters.factories });
      return 0;
    }
    case 'run-due': {
      const { runDue } = await import('./run-due.ts');
      await runDue({ config, env: process.env, adapters: adapters.factories, at: at ?? new Date() });
      return 0;
    }
    case 'db': {
      const { db } = await import('./db.ts');
      return db(rest, config, out);
    }
    case 'installs': {
      const { installs } = await import('./installs.ts');
      return installs(rest, config, out);
    }
    default:
      throw new UsageError(`Unknown command "${verb}".\n${USAGE}`);
  }
}

function digest(dateline: Dateline, cadence: string | undefined, at: Date, zone: string, themeId?: string): Briefing {
  if (cadence !== 'daily' && cadence !== 'weekly') {
    throw new UsageError('digest takes daily or weekly: dateline digest daily --at 2026-06-01T09:00:00+09:00');
  }
  const decision = dateline.digests.forSubscription({ cadence, zone, quiet: false, ...(themeId ? { themeId } : {}) }, at);
  if (decision.action === 'pause') throw new UsageError(`--theme ${themeId} is not a theme: see dateline ask themes.`);
  return decision.action === 'post' ? decision.briefing : notice(decision.reason);
}

/** Validates the packs; quotes against their sources when --sources or FACTS_SOURCES_DIR names them (the flag wins). */
function checkFacts(rest: string[], config: CoreConfig, sourcesDir: string | undefined, out: NodeJS.WritableStream): number {
  if (rest[0] !== 'check')
    throw new UsageError('Usage: dateline facts check|build [DIR] [--sources SRC_DIR] | dateline facts draft ARTICLE|URL [-o FILE]');
  const dir = rest[1] ?? config.factsDir;
  const loaded = loadFacts(dir, sourcesDir);
  if (!loaded.ok) return reportProblems(loaded.problems.map(formatProblem), dir, out);
  const quotes = loaded.facts.reduce((sum, fact) => sum + fact.citations.length, 0);
  const provenance = sourcesDir
    ? `${quotes} quotes found in their sources in ${sourcesDir}`
    : 'quotes not checked against their sources (give --sources SRC_DIR or set FACTS_SOURCES_DIR)';
  out.write(`${dir}: ${loaded.facts.length} facts in ${loaded.themes.length} themes, all valid; ${provenance}\n`);
  return 0;
}

function reportProblems(lines: readonly string[], dir: string, out: NodeJS.WritableStream): number {
  for (const line of lines) out.write(`${line}\n`);
  out.write(`${lines.length} problem${lines.length === 1 ? '' : 's'} in ${dir}\n`);
  return 1;
}

/** Validates the packs as check does, then builds (or brings up to date) the file serve reads them from. */
function buildFacts(dir: string, config: CoreConfig, sourcesDir: string | undefined, out: NodeJS.WritableStream): number {
  let report: BuildReport;
  try {
    report = buildPacks(dir, { builtDir: builtDirOf(config), sourcesDir });
  } catch (error) {
    if (error instanceof InvalidFactsError) return reportProblems(error.lines, dir, out);
    throw error;
  }
  const ms = (value: number) => `${Math.round(value)} ms`;
  const { parse, validate, index, write } = report.spent;
  const rebuilt = report.rebuilt.length;
  out.write(
    rebuilt === 0
      ? `${report.file} is up to date with the ${report.packs} packs of ${dir}\n`
      : `${report.file}: built ${rebuilt} of ${report.packs} packs (${report.rebuilt.slice(0, 5).join(', ')}${rebuilt > 5 ? ', …' : ''}); ` +
          `parse ${ms(parse)}, validate ${ms(validate)}, index ${ms(index)}, write ${ms(write)}\n`,
  );
  return 0;
}

function parseInstant(text: string | undefined): Date | undefined {
  if (text === undefined) return undefined;
  const instant = parseISO(text);
  if (!isValid(instant)) throw new UsageError(`--at ${text} is not an ISO-8601 instant, such as 2026-06-01T09:00:00+09:00.`);
  return instant;
}
