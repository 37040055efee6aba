// Shared helpers for the unit suites: repository paths, hand-built facts, output capture.
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import type { runCli } from '../../src/cli/main.ts';
import { parseFactDate } from '../../src/dates/fact-date.ts';
import type { Fact, Theme } from '../../src/facts/types.ts';

export const REPO_DIR = fileURLToPath(new URL('../../', import.meta.url));
export const FACTS_DIR = fileURLToPath(new URL('../../facts', import.meta.url));
export const PACKS_DIR = fileURLToPath(new URL('../fixtures/packs', import.meta.url));

export const THEMES: Theme[] = [
  { id: 'regulation', title: 'Regulation', description: 'Rules.' },
  { id: 'imaging', title: 'Imaging', description: 'Images.' },
];

/** A hand-built fact; `date` is EDTF text ("2023", "2023-06", "2023-06-15") or absent. */
export function makeFact(id: string, date?: string, themes: string[] = ['regulation']): Fact {
  const fact: Fact = {
    id,
    title: `Title of ${id}`,
    summary: `Summary of ${id}.`,
    themes,
    entities: [],
    aliases: [],
    citations: [{ quote: `Quote of ${id}.`, source: { id: 'test-source', title: 'Test source' } }],
    pack: 'test.yaml',
  };
  if (date !== undefined) {
    const parsed = parseFactDate(date);
    if (!parsed.ok) throw new Error(`bad test date ${date}: ${parsed.reason}`);
    fact.date = parsed.date;
  }
  return fact;
}

/** The stream type runCli declares for its output. */
export type CliOut = NonNullable<Parameters<typeof runCli>[2]>;

/** A Writable that keeps what is written, typed as runCli's output parameter. */
export function captureOutput(): { out: CliOut; text: () => string } {
  let written = '';
  const stream = new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      written += String(chunk);
      done();
    },
  });
  // runCli infers its parameter type from its default (process.stdout, a TTY WriteStream), so a
  // plain Writable needs this cast although runCli only ever calls write().
  return { out: stream as unknown as CliOut, text: () => written };
}
