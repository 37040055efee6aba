// The architecture, checked with dependency-cruiser over the real import graph (type-only
// imports included): the core never imports an adapter; adapters reach the core only through
// its public API (src/index.ts), never the store, and never each other; the public API exports
// nothing of the store (adapters report lifecycle events to the core, which keeps the store to
// itself); no module and no folder of src/ is part of an import cycle. The same rules run over a small fixture tree that breaks each of them, so a
// rule that stopped matching would fail here too.
import { join } from 'node:path';
import { cruise, type ICruiseResult, type IForbiddenRuleType } from 'dependency-cruiser';
import { describe, expect, it } from 'vitest';
import { REPO_DIR } from './support.ts';

const RULES: IForbiddenRuleType[] = [
  { name: 'core-never-imports-adapters', severity: 'error', from: { path: '^src/' }, to: { path: '^adapters/' } },
  {
    name: 'adapters-use-the-core-api-only',
    severity: 'error',
    from: { path: '^adapters/' },
    to: { path: '^src/', pathNot: '^src/index\\.ts$' },
  },
  { name: 'adapters-never-import-the-store', severity: 'error', from: { path: '^adapters/' }, to: { path: '^src/store/' } },
  { name: 'public-api-exports-no-store-type', severity: 'error', from: { path: '^src/index\\.ts$' }, to: { path: '^src/store/' } },
  {
    name: 'adapters-never-import-each-other',
    severity: 'error',
    from: { path: '^adapters/([^/]+)/' },
    to: { path: '^adapters/[^/]+/', pathNot: '^adapters/$1/' },
  },
  { name: 'no-module-cycles', severity: 'error', from: {}, to: { circular: true } },
];

const OPTIONS = { tsPreCompilationDeps: true, exclude: { path: 'node_modules' }, doNotFollow: { path: 'node_modules' } } as const;

async function cruiseIn(baseDir: string, collapse?: string): Promise<ICruiseResult> {
  const result = await cruise(['src', 'adapters'], {
    ...OPTIONS,
    baseDir,
    validate: true,
    ruleSet: { forbidden: RULES },
    ...(collapse ? { collapse } : {}),
  });
  return result.output as ICruiseResult;
}

const violations = (result: ICruiseResult) =>
  result.summary.violations.map((violation) => `${violation.rule.name}: ${violation.from} → ${violation.to}`);

/** The import cycles between src/'s folders (each folder one node; files at src/'s root their own). */
async function folderCycles(baseDir: string): Promise<string[]> {
  const result = await cruiseIn(baseDir, '^src/[^/]+/');
  const edges = new Map<string, string[]>();
  for (const module of result.modules.filter((candidate) => candidate.source.startsWith('src/'))) {
    const targets = module.dependencies
      .map((dependency) => dependency.resolved)
      .filter((target) => target.startsWith('src/') && target !== module.source);
    edges.set(module.source, targets);
  }
  const cycles = new Set<string>();
  const visit = (node: string, path: string[]) => {
    for (const next of edges.get(node) ?? []) {
      const at = path.indexOf(next);
      if (at >= 0) cycles.add([...path.slice(at)].sort().join(' ↔ '));
      else visit(next, [...path, next]);
    }
  };
  for (const node of edges.keys()) visit(node, [node]);
  return [...cycles].sort();
}

describe('the rules catch what they are for', () => {
  const fixture = join(REPO_DIR, 'tests', 'fixtures', 'architecture');

  it('reports each broken rule in the fixture tree', async () => {
    expect(violations(await cruiseIn(fixture)).sort()).toEqual([
      'adapters-never-import-each-other: adapters/one/index.ts → adapters/two/index.ts',
      'adapters-never-import-the-store: adapters/one/index.ts → src/store/s.ts',
      'adapters-use-the-core-api-only: adapters/one/index.ts → src/alpha/c.ts',
      'adapters-use-the-core-api-only: adapters/one/index.ts → src/store/s.ts',
      'core-never-imports-adapters: src/alpha/a.ts → adapters/one/index.ts',
      'no-module-cycles: adapters/one/index.ts → src/alpha/c.ts',
      'no-module-cycles: src/alpha/a.ts → src/beta/b.ts',
      'public-api-exports-no-store-type: src/index.ts → src/store/s.ts',
    ]);
    expect(await folderCycles(fixture)).toEqual(['src/alpha/ ↔ src/beta/']);
  });
});

describe("this repository's imports", () => {
  it('keep the core free of adapters, adapters on the public API, and no module cycle', async () => {
    const result = await cruiseIn(REPO_DIR);
    expect(result.summary.totalCruised).toBeGreaterThan(50);
    expect(violations(result)).toEqual([]);
  });

  it('cover every adapter, the webhook adapter too: each reaches src/ through src/index.ts alone and no other adapter', async () => {
    const result = await cruiseIn(REPO_DIR);
    const folders = new Set(result.modules.map((module) => /^adapters\/([^/]+)\//.exec(module.source)?.[1]).filter(Boolean));
    expect([...folders].sort()).toEqual(['console', 'slack', 'teams', 'webhook']);
    const webhook = result.modules.filter((module) => module.source.startsWith('adapters/webhook/'));
    expect(webhook.length).toBeGreaterThanOrEqual(6);
    const reached = new Set(
      webhook
        .flatMap((module) => module.dependencies.map((dependency) => dependency.resolved))
        .filter((target) => !target.startsWith('node_modules/')),
    );
    expect([...reached].filter((target) => !target.startsWith('adapters/webhook/') && !target.startsWith('node:'))).toEqual([
      'src/index.ts',
    ]);
  });

  it('make no cycle between the folders of src/', async () => {
    expect(await folderCycles(REPO_DIR)).toEqual([]);
  });
});
