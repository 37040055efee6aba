// Real `dateline` processes for the end-to-end suites: `node bin/dateline.js <args>` as a child
// process with a controlled environment, its pino log lines (JSON on stdout) parsed as they
// come, bounded waits on them, and a registry so that afterEach can kill every child still
// running, whatever happened in the test.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_DIR = fileURLToPath(new URL('../../../', import.meta.url));
const BIN = join(REPO_DIR, 'bin', 'dateline.js');
export const FACTS_DIR = join(REPO_DIR, 'facts');

export interface LogLine {
  level: string;
  msg: string;
  [field: string]: unknown;
}

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface DatelineProcess {
  name: string;
  pid: number;
  logs: LogLine[];
  /** Everything the process wrote, for failure messages. */
  output(): string;
  /** The first log line matching, waiting for it up to timeoutMs (fails early if the process exits). */
  waitForLog(match: (line: LogLine) => boolean, what: string, timeoutMs?: number): Promise<LogLine>;
  exited: Promise<Exit>;
  /** The exit, or a failure with the process's output if it has not exited within timeoutMs. */
  waitForExit(timeoutMs: number): Promise<Exit>;
  /** Sends a signal (no-op once exited). */
  kill(signal: NodeJS.Signals): void;
  /** SIGTERM, then waits for the exit; SIGKILL if it takes longer than timeoutMs. */
  stop(timeoutMs?: number): Promise<Exit>;
}

const running = new Set<ChildProcess>();

/**
 * Variables the parent's environment must not leak into a child: the store, the adapters and
 * the test's own settings are given explicitly by each test.
 */
const SCRUBBED = /^(DATABASE_URL|DATELINE_|SLACK_|Microsoft|PORT$|FACTS_DIR$|LOG_LEVEL$)/;

/** The children's working directory: empty, so no .env or ./data from the repo is picked up. */
let workDir: string | undefined;

/** `cwd`: where the child runs (and reads .env); by default an empty folder of its own. */
export function startDateline(name: string, args: string[], env: Record<string, string>, cwd?: string): DatelineProcess {
  workDir ??= mkdtempSync(join(tmpdir(), 'dateline-e2e-cwd-'));
  const childEnv: NodeJS.ProcessEnv = Object.fromEntries(Object.entries(process.env).filter(([key]) => !SCRUBBED.test(key)));
  Object.assign(childEnv, { FACTS_DIR, LOG_LEVEL: 'info', ...env });
  const child = spawn(process.execPath, [BIN, ...args], { cwd: cwd ?? workDir, env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] });
  running.add(child);
  const logs: LogLine[] = [];
  let output = '';
  let pending = '';
  child.stdout!.on('data', (chunk: Buffer) => {
    const text = chunk.toString('utf8');
    output += text;
    pending += text;
    const lines = pending.split('\n');
    pending = lines.pop()!;
    for (const line of lines) {
      try {
        const parsed = JSON.parse(line) as LogLine;
        if (typeof parsed.msg === 'string') logs.push(parsed);
      } catch {
        // not a log line
      }
    }
  });
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  let exit: Exit | undefined;
  const exited = new Promise<Exit>((resolve) => {
    child.on('exit', (code, signal) => {
      running.delete(child);
      exit = { code, signal };
      resolve(exit);
    });
  });
  const describe = () => `${name} (pid ${child.pid})${exit ? ` exited ${JSON.stringify(exit)}` : ''}; its output:\n${output.slice(-8000)}`;
  const handle: DatelineProcess = {
    name,
    pid: child.pid!,
    logs,
    output: () => output,
    async waitForLog(match, what, timeoutMs = 20_000) {
      return waitUntil(
        () => {
          const found = logs.find(match);
          if (!found && exit) throw new Error(`${name} exited before logging ${what}: ${describe()}`);
          return found;
        },
        `${name} to log ${what}`,
        timeoutMs,
        describe,
      );
    },
    exited,
    async waitForExit(timeoutMs) {
      await waitUntil(() => exit, `${name} to exit`, timeoutMs, describe);
      return exited;
    },
    kill(signal) {
      if (!exit) child.kill(signal);
    },
    async stop(timeoutMs = 10_000) {
      handle.kill('SIGTERM');
      const timer = setTimeout(() => handle.kill('SIGKILL'), timeoutMs);
      try {
        return await exited;
      } finally {
        clearTimeout(timer);
      }
    },
  };
  return handle;
}

/** Kills every child process still running (for afterEach/afterAll), waits until they are gone, and cleans up. */
export async function killAll(): Promise<void> {
  const children = [...running];
  await Promise.all(
    children.map(
      (child) =>
        new Promise<void>((resolve) => {
          if (child.exitCode !== null || child.signalCode !== null) return resolve();
          child.once('exit', () => resolve());
          child.kill('SIGKILL');
        }),
    ),
  );
  if (workDir) rmSync(workDir, { recursive: true, force: true });
  workDir = undefined;
}

/**
 * Polls `find` (sync or async) every `intervalMs` until it returns something other than
 * undefined or false, and fails after timeoutMs with `what` and the diagnostics given.
 */
export async function waitUntil<T>(
  find: () => T | undefined | false | Promise<T | undefined | false>,
  what: string,
  timeoutMs: number,
  diagnostics: () => string = () => '',
  intervalMs = 25,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = await find();
    if (found !== undefined && found !== false) return found;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}\n${diagnostics()}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/** The report a pass logs ('digest catch-up pass' at start-up and for run-due). */
export interface LoggedPassReport {
  at: string;
  delivered: number;
  recovered: number;
  skipped: number;
  paused: number;
  'retry-later': number;
  missed: number;
}

export const isCatchUpReport = (line: LogLine): boolean => line.msg === 'digest catch-up pass';

export function passReport(line: LogLine): LoggedPassReport {
  const { at, delivered, recovered, skipped, paused, missed } = line as unknown as LoggedPassReport;
  return { at, delivered, recovered, skipped, paused, 'retry-later': line['retry-later'] as number, missed };
}
