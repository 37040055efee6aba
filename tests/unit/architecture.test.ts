// The core never imports an adapter (DESIGN.md): every .ts file under src/ is read and each
// static import, re-export, dynamic import() and require() specifier is resolved; none may
// land in adapters/.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_DIR } from './support.ts';

const SRC_DIR = join(REPO_DIR, 'src');
const ADAPTERS_DIR = join(REPO_DIR, 'adapters');

const SPECIFIER_PATTERNS = [
  // import x from '…', import { a,\n b } from '…', import type … from '…', export … from '…'
  /\b(?:import|export)\s[^'"`;]*?\bfrom\s*['"`]([^'"`]+)['"`]/g,
  // import '…' (side effects only)
  /\bimport\s*['"`]([^'"`]+)['"`]/g,
  // import('…'), await import(`…`), require('…')
  /\b(?:import|require)\s*\(\s*['"`]([^'"`]+)['"`]/g,
];

function stripComments(source: string): string {
  return source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/.*$/gm, '$1');
}

function importSpecifiers(source: string): string[] {
  const code = stripComments(source);
  return SPECIFIER_PATTERNS.flatMap((pattern) => [...code.matchAll(pattern)].map((match) => match[1]!));
}

/** Whether a specifier written in `file` points into adapters/. */
function reachesAdapters(file: string, specifier: string): boolean {
  if (specifier.startsWith('.')) {
    const target = resolve(dirname(file), specifier);
    return target === ADAPTERS_DIR || target.startsWith(ADAPTERS_DIR + sep);
  }
  return /(^|\/)adapters(\/|$)/.test(specifier);
}

function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return tsFiles(path);
    return entry.isFile() && /\.m?ts$/.test(entry.name) ? [path] : [];
  });
}

describe('the import scanner', () => {
  it('finds every form of import in a sample', () => {
    const sample = [
      "import { a } from '../../adapters/slack/app.ts';",
      'import type {\n  B,\n  C,\n} from "../adapters/teams/card.ts";',
      "export * from '../adapters/console/render.ts';",
      "export { d } from '../../adapters/index.ts';",
      "import '../adapters/side-effect.ts';",
      "const m = await import('../adapters/slack/lazy.ts');",
      'const n = await import(`../adapters/teams/lazy.ts`);',
      "const o = require('../adapters/old.cjs');",
      "// import { commented } from '../adapters/commented.ts';",
      "import { ok } from './briefing/model.ts';",
    ].join('\n');
    expect(importSpecifiers(sample)).toEqual(
      expect.arrayContaining([
        '../../adapters/slack/app.ts',
        '../adapters/teams/card.ts',
        '../adapters/console/render.ts',
        '../../adapters/index.ts',
        '../adapters/side-effect.ts',
        '../adapters/slack/lazy.ts',
        '../adapters/teams/lazy.ts',
        '../adapters/old.cjs',
        './briefing/model.ts',
      ]),
    );
    expect(importSpecifiers(sample)).not.toContain('../adapters/commented.ts');
  });

  it('resolves relative specifiers against the importing file', () => {
    const file = join(SRC_DIR, 'server', 'serve.ts');
    expect(reachesAdapters(file, '../../adapters/slack/app.ts')).toBe(true);
    expect(reachesAdapters(file, '../dateline.ts')).toBe(false);
    // src/adapters-helpers.ts would be a core file whose name merely starts with "adapters".
    expect(reachesAdapters(join(SRC_DIR, 'x.ts'), './adapters-helpers.ts')).toBe(false);
  });
});

describe('src/ never imports adapters/', () => {
  const files = tsFiles(SRC_DIR);

  it('reads the core files and sees their imports', () => {
    expect(files.length).toBeGreaterThan(10);
    const dateline = readFileSync(join(SRC_DIR, 'dateline.ts'), 'utf8');
    expect(importSpecifiers(dateline)).toContain('./briefing/model.ts');
  });

  it('no file under src/ imports from adapters/', () => {
    const offenders = files.flatMap((file) =>
      importSpecifiers(readFileSync(file, 'utf8'))
        .filter((specifier) => reachesAdapters(file, specifier))
        .map((specifier) => `${relative(REPO_DIR, file)} imports ${specifier}`),
    );
    expect(offenders).toEqual([]);
  });
});
