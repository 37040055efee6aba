// A native module that cannot load is reported as what it is. The error is real: better-sqlite3
// copied without its build/ folder, as an install whose script was skipped leaves it, loaded in a
// child process; the CLI's one line must name the skipped install script and the fix.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { nativeModuleProblem } from '../../src/store/native-module.ts';
import { REPO_DIR } from '../e2e/support/dateline-process.ts';

const dir = mkdtempSync(join(tmpdir(), 'dateline-native-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('names a skipped install script as the cause of a missing better-sqlite3 binding', () => {
  const modules = join(dir, 'node_modules');
  cpSync(join(REPO_DIR, 'node_modules', 'better-sqlite3'), join(modules, 'better-sqlite3'), {
    recursive: true,
    filter: (source) => !/better-sqlite3\/(build|deps|src)$/.test(source),
  });
  for (const name of ['bindings', 'file-uri-to-path']) symlinkSync(join(REPO_DIR, 'node_modules', name), join(modules, name));
  const run = spawnSync(
    process.execPath,
    ['-e', "try { new (require('better-sqlite3'))(':memory:') } catch (error) { process.stdout.write(error.message) }"],
    { cwd: dir, encoding: 'utf8' },
  );
  expect(run.stdout).toContain('Could not locate the bindings file');
  const said = nativeModuleProblem(new Error(run.stdout));
  expect(said).toContain("better-sqlite3's native module is missing: its install script did not run");
  expect(said).toContain('npm rebuild better-sqlite3');
});

it('names another Node.js as the cause of a module built for it, and leaves other errors alone', () => {
  const message =
    "The module '/app/node_modules/better-sqlite3/build/Release/better_sqlite3.node'\nwas compiled against a different Node.js version using\nNODE_MODULE_VERSION 115. This version of Node.js requires\nNODE_MODULE_VERSION 137. Please try re-compiling or re-installing";
  expect(nativeModuleProblem(new Error(message))).toContain('module version 115; this Node.js');
  expect(nativeModuleProblem(new Error('SQLITE_CANTOPEN: unable to open database file'))).toBeUndefined();
});
