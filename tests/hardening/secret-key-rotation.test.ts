// DATELINE_SECRET_KEY changes, through the real `dateline serve`: with a new key alone, stored
// tokens open under no key given, and start-up stops in one line saying what to set; with the old
// key as DATELINE_SECRET_KEY_PREVIOUS it starts, seals the tokens again under the new key, and
// from then on starts with the new key alone.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { Installations } from '../../src/installations/installations.ts';
import { SecretBox } from '../../src/installations/secret-box.ts';
import { SqliteStore } from '../../src/store/sqlite-store.ts';
import { killAll, startDateline } from '../e2e/support/dateline-process.ts';

const OLD_KEY = 'old-key-0123456789-abcdefghijklmnopqrstuvwxyz';
const NEW_KEY = 'new-key-9876543210-zyxwvutsrqponmlkjihgfedcba';
const TOKEN = { bot: { token: 'xoxb-rotation-test-not-real' } };

let dir: string;
let dbPath: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'dateline-rotation-'));
  dbPath = join(dir, 'dateline.db');
  const store = await SqliteStore.open(dbPath);
  const installations = new Installations(store, SecretBox.fromEnv({ DATELINE_SECRET_KEY: OLD_KEY }));
  for (const workspace of ['T00ROTATE1', 'T00ROTATE2'])
    await installations.installed({ platform: 'slack', workspace, scopes: ['chat:write'] }, TOKEN, new Date());
  await store.close();
});
afterEach(killAll);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const serve = (env: Record<string, string>) =>
  startDateline('serve', ['serve'], { PORT: '0', DATELINE_DB: dbPath, LOG_LEVEL: 'warn', ...env });

/** The tokens as a store opened with `env`'s keys reads them. */
async function tokensUnder(env: Record<string, string>): Promise<unknown[]> {
  const store = await SqliteStore.open(dbPath);
  try {
    const installations = new Installations(store, SecretBox.fromEnv(env));
    return await Promise.all(['T00ROTATE1', 'T00ROTATE2'].map((workspace) => installations.secretOf('slack', workspace)));
  } finally {
    await store.close();
  }
}

it('refuses to start, in one line, when the stored tokens open under no key given', async () => {
  const child = serve({ DATELINE_SECRET_KEY: NEW_KEY });
  const exit = await child.waitForExit(30_000);
  expect(exit.code, child.output()).toBe(2);
  const lines = child.output().trim().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(
    /^DATELINE_SECRET_KEY does not open the tokens stored for 2 of 2 installations \(slack T00ROTATE1, slack T00ROTATE2\): .*DATELINE_SECRET_KEY_PREVIOUS/,
  );
}, 40_000);

it('starts with the old key as DATELINE_SECRET_KEY_PREVIOUS, seals the tokens under the new key, then starts with the new key alone', async () => {
  const rotating = startDateline('serve', ['serve'], {
    PORT: '0',
    DATELINE_DB: dbPath,
    DATELINE_SECRET_KEY: NEW_KEY,
    DATELINE_SECRET_KEY_PREVIOUS: OLD_KEY,
  });
  const resealed = await rotating.waitForLog((line) => line.msg.startsWith('installation secrets sealed again'), 'the re-seal', 30_000);
  expect(resealed.resealed).toBe(2);
  await rotating.waitForLog((line) => line.msg === 'dateline is serving', 'serving', 30_000);
  expect((await rotating.stop()).code).toBe(0);

  expect(await tokensUnder({ DATELINE_SECRET_KEY: NEW_KEY })).toEqual([TOKEN, TOKEN]);
  await expect(tokensUnder({ DATELINE_SECRET_KEY: OLD_KEY })).rejects.toThrow();
  const rotated = serve({ DATELINE_SECRET_KEY: NEW_KEY, LOG_LEVEL: 'info' });
  await rotated.waitForLog((line) => line.msg === 'dateline is serving', 'serving with the new key alone', 30_000);
  expect((await rotated.stop()).code).toBe(0);
}, 60_000);
