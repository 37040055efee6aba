// Every command on the pages of docs/ is run, as the page writes it: each line of a ```sh block,
// in page order, in a checkout of its own (facts/ beside it, the source texts in ../texts, the
// database in ./data), with `npx dateline` and `npx pino-pretty` resolved to this repository's
// (never fetched). Each must exit 0. The few that cannot run here are listed below with why, and
// a command that is neither run nor listed fails the test.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FACTS_DIR, REPO_DIR } from '../e2e/support/dateline-process.ts';

const DOCS = join(REPO_DIR, 'docs');
const SEED_DIR = join(REPO_DIR, '..', 'shared', 'seed');

/** Commands that are not run here, by their first words, and why. */
const NOT_RUN: Record<string, string> = {
  'npm ci': 'it reinstalls node_modules from the registry; CI runs it (.ci/run) before the tests',
  docker: 'no container runtime here (docs/operations.md, "Deploying", says what was checked instead)',
  systemctl: 'no systemd manager here; tests/ops/recipes.test.ts runs systemd-analyze verify on the unit',
};

/** The lines of a page's ```sh blocks, comments and blank lines left out. */
function commandsOf(page: string): string[] {
  const commands: string[] = [];
  let inSh = false;
  for (const line of readFileSync(join(DOCS, page), 'utf8').split('\n')) {
    const fence = /^\s*```(\w*)/.exec(line);
    if (fence) inSh = !inSh && fence[1] === 'sh';
    else if (inSh && line.trim() && !line.trim().startsWith('#')) commands.push(line.trim().replace(/\s+#.*$/, ''));
  }
  return commands;
}

const pages = readdirSync(DOCS).filter((name) => name.endsWith('.md'));
const sandbox = mkdtempSync(join(tmpdir(), 'dateline-docs-'));
afterAll(() => rmSync(sandbox, { recursive: true, force: true }));

/** The command as the shell runs it here: this repository's dateline and pino-pretty. */
const resolved = (command: string) =>
  command
    .replaceAll('npx dateline', `${process.execPath} ${join(REPO_DIR, 'bin', 'dateline.js')}`)
    .replaceAll('npx pino-pretty', join(REPO_DIR, 'node_modules', '.bin', 'pino-pretty'));

it('finds commands to run on the pages', () => {
  expect(pages.flatMap(commandsOf).length).toBeGreaterThan(5);
});

describe.each(pages.filter((page) => commandsOf(page).length > 0))('%s', (page) => {
  const checkout = join(sandbox, page.replace('.md', ''), 'checkout');
  mkdirSync(checkout, { recursive: true });
  symlinkSync(FACTS_DIR, join(checkout, 'facts'));
  if (existsSync(SEED_DIR)) symlinkSync(SEED_DIR, join(checkout, '..', 'texts'));
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([key]) => !/^(DATABASE_URL|DATELINE_|FACTS_|SLACK_|Microsoft|PORT$)/.test(key)),
  );

  for (const command of commandsOf(page)) {
    const skipped = Object.keys(NOT_RUN).find((start) => command.startsWith(start));
    const needsSeed = command.includes('../texts') && !existsSync(SEED_DIR);
    if (skipped) it.skip(`${command} (not run: ${NOT_RUN[skipped]})`, () => undefined);
    else if (needsSeed) it.skip(`${command} (skipped: ../shared/seed, the source texts, is not beside the checkout)`, () => undefined);
    else
      it(command, { timeout: 60_000 }, () => {
        const run = spawnSync('bash', ['-o', 'pipefail', '-c', resolved(command)], { cwd: checkout, env, encoding: 'utf8' });
        expect(run.status, `${run.stdout}\n${run.stderr}`).toBe(0);
      });
  }
});
