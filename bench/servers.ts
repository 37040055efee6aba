// Child processes for the benchmarks: `dateline serve` (or the bare Bolt baseline) on a free
// loopback port, started and stopped cleanly.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '..');

export async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export interface Child {
  port: number;
  process: ChildProcess;
  stop(): Promise<void>;
}

async function waitForHealth(url: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the server exited with ${child.exitCode}`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`no answer from ${url} within ${timeoutMs} ms`);
}

function stopper(child: ChildProcess): () => Promise<void> {
  return () =>
    new Promise((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
}

let bundleBuilt = false;

/**
 * Builds dist/ once per bench run, so that `dateline serve` runs the bundle a production install
 * runs (bin/dateline.js runs the TypeScript sources through tsx when dist/ is older than them,
 * which is slower to start and wraps every named closure it creates in a helper call).
 */
function buildBundle(): void {
  if (bundleBuilt) return;
  execFileSync(process.execPath, [join(ROOT, 'bin', 'build.js')], { cwd: ROOT, stdio: 'inherit' });
  bundleBuilt = true;
}

/** `dateline serve` (the bundle, built for this run; or another checkout's at `root`) with the given environment and a fresh SQLite file. */
export async function startDateline(env: Record<string, string>, timeoutMs = 30_000, root = ROOT): Promise<Child> {
  if (root === ROOT) buildBundle();
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'dateline-bench-db-'));
  const child = spawn(process.execPath, [join(root, 'bin', 'dateline.js'), 'serve'], {
    cwd: root,
    env: { ...process.env, LOG_LEVEL: 'warn', DATELINE_DB: join(dataDir, 'dateline.db'), ...env, PORT: String(port) },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  await waitForHealth(`http://127.0.0.1:${port}/healthz`, child, timeoutMs);
  return { port, process: child, stop: stopper(child) };
}

/** Runs one of the bench's TypeScript scripts as a child and waits for the first line it prints. */
async function startScript(script: string, env: Record<string, string>): Promise<{ child: ChildProcess; firstLine: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, script)], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const firstLine = await new Promise<string>((resolve, reject) => {
    child.stdout!.once('data', (chunk: Buffer) => resolve(String(chunk).trim()));
    child.once('exit', (code) => reject(new Error(`${script} exited with ${code}`)));
  });
  return { child, firstLine };
}

export async function startBareBolt(signingSecret: string): Promise<Child> {
  const port = await freePort();
  const { child } = await startScript('bare-bolt.ts', { PORT: String(port), SLACK_SIGNING_SECRET: signingSecret });
  return { port, process: child, stop: stopper(child) };
}

/** A Slack stand-in that answers everything with ok, in its own process (null-slack.ts). */
export async function startNullSlack(): Promise<Child> {
  const { child, firstLine } = await startScript('null-slack.ts', {});
  return { port: Number(firstLine), process: child, stop: stopper(child) };
}
