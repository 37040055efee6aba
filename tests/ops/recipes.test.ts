// The deploy recipes, as far as they can be checked without a container runtime: every file the
// Dockerfile copies and every script and entry it runs exists; every variable the recipes set,
// and every variable the code reads, is in docs/operations.md's table and in .env.example;
// compose.yaml runs PostgreSQL and two instances; systemd accepts the unit; and a checkout whose
// .env is .env.example serves. (What is not run is said in docs/operations.md, "Deploying".)
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { FACTS_DIR, killAll, REPO_DIR, startDateline } from '../e2e/support/dateline-process.ts';

const read = (path: string) => readFileSync(join(REPO_DIR, path), 'utf8');
const packageJson = JSON.parse(read('package.json')) as { scripts: Record<string, string>; allowScripts: Record<string, boolean> };

/** The variables docs/operations.md's tables name in their first column (metrics, in lower case, are not variables). */
const documented = new Set(
  [...read('docs/operations.md').matchAll(/^\| (`[^|]+`) +\|/gm)].flatMap(([, cell]) =>
    [...cell!.matchAll(/`([A-Z][A-Za-z_]+)`/g)].map(([, name]) => name!),
  ),
);
/** The variables .env.example sets or shows commented out. */
const example = new Set([...read('.env.example').matchAll(/^(?:# )?([A-Za-z_]+)=/gm)].map(([, name]) => name!));

/** Every `env.NAME` the code reads, and the names adapters' config modules read from env. */
function variablesReadByCode(): Set<string> {
  const names = new Set<string>();
  const walk = (dir: string) => {
    for (const entry of readdirSync(join(REPO_DIR, dir), { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (path.endsWith('.ts')) {
        const text = read(path);
        for (const [, name] of text.matchAll(/\benv\.([A-Za-z_]+)/g)) names.add(name!);
        for (const [, name] of text.matchAll(/\benv\[['"]([A-Za-z_]+)['"]\]/g)) names.add(name!);
        for (const [, name] of text.matchAll(/['"]((?:SLACK|TEAMS|DATELINE|Microsoft)[A-Za-z_]+)['"]/g)) names.add(name!);
      }
    }
  };
  walk('src');
  walk('adapters');
  return names;
}

describe('the configuration is documented once, and complete', () => {
  it('names every variable the code reads in docs/operations.md and .env.example, and nothing else', () => {
    const read = variablesReadByCode();
    for (const name of read) {
      expect(documented, `${name} in docs/operations.md`).toContain(name);
      expect(example, `${name} in .env.example`).toContain(name);
    }
    expect([...example].filter((name) => !documented.has(name))).toEqual([]);
    expect([...documented].filter((name) => !example.has(name))).toEqual([]);
  });
});

describe('Dockerfile', () => {
  const dockerfile = read('Dockerfile');

  it('copies only what exists, and runs scripts and entries that exist', () => {
    const copies = [...dockerfile.matchAll(/^COPY (?!--from)(.+)$/gm)].map(([, args]) => args!.trim().split(/\s+/).slice(0, -1));
    expect(copies.length).toBeGreaterThan(3);
    for (const sources of copies) for (const source of sources) expect(existsSync(join(REPO_DIR, source)), source).toBe(true);
    for (const [, script] of dockerfile.matchAll(/npm run (\S+)/g)) expect(packageJson.scripts, script).toHaveProperty(script!);
    for (const [, name] of dockerfile.matchAll(/npm rebuild ([^&\n]+)/g))
      for (const pkg of name!.trim().split(/\s+/)) expect(packageJson.allowScripts[pkg], `${pkg} in allowScripts`).toBe(true);
    for (const [, path] of dockerfile.matchAll(/\b(bin\/[a-z-]+\.js)\b/g)) expect(existsSync(join(REPO_DIR, path!)), path).toBe(true);
  });

  it('is multi-stage on Node 24 slim, runs the bot itself as a non-root user, with its data on a volume and a health check', () => {
    expect(dockerfile.match(/^FROM node:24-slim/gm)).toHaveLength(2);
    expect(dockerfile).toMatch(/^USER node$/m);
    expect(dockerfile).toMatch(/^VOLUME \/app\/data$/m);
    expect(dockerfile).toMatch(/^HEALTHCHECK .*\n.*\/healthz/m);
    expect(dockerfile).toMatch(/^CMD \["node", "bin\/dateline.js", "serve"\]$/m);
    for (const [, name] of dockerfile.matchAll(/^\s+([A-Z_]+)=/gm)) if (name !== 'NODE_ENV') expect(documented, name).toContain(name);
  });
});

describe('compose.yaml', () => {
  it('runs PostgreSQL and two instances on it, built from the Dockerfile, each given DATABASE_URL', () => {
    const compose = parse(read('compose.yaml'), { merge: true }) as {
      services: Record<string, { image?: string; build?: string; environment?: Record<string, string>; env_file?: string }>;
    };
    const instances = Object.entries(compose.services).filter(([, service]) => service.build === '.');
    expect(instances).toHaveLength(2);
    expect(compose.services.postgres?.image).toMatch(/^postgres:/);
    for (const [, service] of instances) {
      expect(service.environment?.DATABASE_URL).toMatch(/^postgres:\/\/.+@postgres:5432\//);
      expect(service.env_file).toBe('.env');
      for (const name of Object.keys(service.environment ?? {})) expect(documented, name).toContain(name);
    }
  });
});

describe('deploy/dateline.service', () => {
  const unit = read('deploy/dateline.service');

  it('runs the bot itself from an install of this tree, with documented settings', () => {
    const start = /^ExecStart=\S+ \/opt\/dateline\/(\S+) serve$/m.exec(unit);
    expect(start?.[1]).toBe('bin/dateline.js');
    expect(existsSync(join(REPO_DIR, start![1]!))).toBe(true);
    for (const [, name] of unit.matchAll(/^Environment=([A-Za-z_]+)=/gm)) if (name !== 'NODE_ENV') expect(documented, name).toContain(name);
    expect(unit).toMatch(/^TimeoutStopSec=1\d$/m);
  });

  it.skipIf(spawnSync('systemd-analyze', ['--version']).status !== 0)(
    'is accepted by systemd-analyze verify (skipped where systemd-analyze is not installed)',
    () => {
      const verify = spawnSync('systemd-analyze', ['verify', join(REPO_DIR, 'deploy', 'dateline.service')], { encoding: 'utf8' });
      // Only the paths of an install that is not on this machine may be missing.
      const problems = `${verify.stderr}`
        .split('\n')
        .filter((line) => line.trim() && !/\/opt\/dateline|\/etc\/dateline|dateline\.service: Command /.test(line));
      expect(problems).toEqual([]);
    },
  );
});

describe('.env.example', () => {
  const dirs: string[] = [];
  afterEach(killAll);
  afterAll(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it('copied to .env, starts the bot as a local trial', { timeout: 30_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dateline-env-example-'));
    dirs.push(dir);
    copyFileSync(join(REPO_DIR, '.env.example'), join(dir, '.env'));
    // The child runs in `dir` (startDateline's own folder is not it): cwd is where .env is read.
    const server = startDateline('serve', ['serve'], { PORT: '0', FACTS_DIR, DATELINE_DB: join(dir, 'data', 'dateline.db') }, dir);
    const serving = await server.waitForLog((line) => line.msg === 'dateline is serving', 'serving');
    expect(serving.adapters).toEqual(['teams']);
    expect(statSync(join(dir, 'data')).mode & 0o777).toBe(0o700);
    expect(await server.stop()).toEqual({ code: 0, signal: null });
  });
});
