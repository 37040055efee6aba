// Starts the real bot (startBot, our one HTTP server on loopback) with the Slack adapter and a
// fake Slack, and sends it slash commands and button clicks exactly as Slack does.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { createLogger } from '../../../src/logger.ts';
import { startBot, type RunningBot } from '../../../src/server/serve.ts';
import { slackAdapter } from '../../../adapters/slack/index.ts';
import { fixture, startFakeSlack, waitFor, type FakeSlack, type Recorded } from './fake-slack.ts';
import { formBody, postSigned, type SignedPost } from './signing.ts';

export const FACTS_DIR = fileURLToPath(new URL('../../../facts', import.meta.url));
export const SIGNING_SECRET = 'e2e0signing0secret0not0a0real0one';
export const BOT_TOKEN = 'xoxb-0000-e2e-not-a-real-token';

export interface SlackBot {
  bot: RunningBot;
  fake: FakeSlack;
  eventsUrl: string;
  /** Everything the bot logged, one JSON line each. */
  logs(): string[];
  /** Sends a signed slash command; returns the ack's status and body, and `id`, which names its response_url. */
  command(
    text: string,
    options?: Partial<SignedPost> & { fields?: Record<string, string> },
  ): Promise<{ status: number; text: string; id: string }>;
  /** Sends a signed interaction payload (form field `payload`, as Slack sends interactivity); returns the ack's status and body. */
  action(payload: Record<string, unknown>, options?: Partial<SignedPost>): Promise<{ status: number; text: string }>;
  /** Sends a signed Events API body (JSON). */
  event(body: Record<string, unknown>, options?: Partial<SignedPost>): Promise<{ status: number; text: string }>;
  /** Waits for the bot's reply on a response_url and returns its JSON. */
  reply(id: string): Promise<Record<string, unknown>>;
  close(): Promise<void>;
}

export interface SlackBotOptions {
  /** Sets up the fake before the bot starts (Socket Mode calls the Web API on start). */
  prepare?: (fake: FakeSlack) => void;
  logLevel?: string;
  /** The clock the bot answers by (default: the real one). */
  clock?: () => Date;
  /** The Web API and response_url timeout (default SLACK_TIMEOUT_MS). */
  timeoutMs?: number;
  /** Most answers owed before commands are turned away (default: the adapter's). */
  maxAnswersOwed?: number;
}

export async function startSlackBot(env: Record<string, string> = {}, options: SlackBotOptions = {}): Promise<SlackBot> {
  const fake = await startFakeSlack();
  options.prepare?.(fake);
  const logLevel = options.logLevel ?? 'info';
  const dir = mkdtempSync(join(tmpdir(), 'dateline-slack-'));
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(...String(chunk).split('\n').filter(Boolean));
      done();
    },
  });
  const secret = env.SLACK_SIGNING_SECRET ?? SIGNING_SECRET;
  const cleanUp = async () => {
    await fake.close();
    rmSync(dir, { recursive: true, force: true });
  };
  const bot = await startBot({
    config: {
      port: 0,
      factsDir: FACTS_DIR,
      zone: 'Asia/Seoul',
      catchupHours: 6,
      dbPath: join(dir, 'dateline.db'),
      logLevel,
      // DATABASE_URL in env: several bots on one PostgreSQL.
      ...(env.DATABASE_URL ? { databaseUrl: env.DATABASE_URL } : {}),
    },
    env: { SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_SIGNING_SECRET: secret, SLACK_API_URL: fake.apiUrl, ...env },
    ...(options.clock ? { clock: options.clock } : {}),
    adapters: [
      slackAdapter({
        retryConfig: { retries: 0 },
        ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
        ...(options.maxAnswersOwed ? { maxAnswersOwed: options.maxAnswersOwed } : {}),
      }),
    ],
    logger: createLogger(logLevel, sink),
    host: '127.0.0.1',
    // No clock-driven passes: a test that wants digests runs a pass at the instant it chooses.
    scheduler: false,
  }).catch(async (error: unknown) => {
    await cleanUp();
    throw error;
  });
  const eventsUrl = `http://127.0.0.1:${bot.port}/slack/events`;
  const sign = (options: Partial<SignedPost>): SignedPost => ({ secret, ...options });
  return {
    bot,
    fake,
    eventsUrl,
    logs: () => lines,
    async command(text, options = {}) {
      const id = randomUUID();
      const fields = {
        ...fixture<Record<string, string>>('slash-command.json'),
        text,
        response_url: fake.responseUrl(id),
        ...options.fields,
      };
      return { ...(await postSigned(eventsUrl, formBody(fields), sign(options))), id };
    },
    action: (payload, options = {}) => postSigned(eventsUrl, formBody({ payload: JSON.stringify(payload) }), sign(options)),
    event: (body, options = {}) => postSigned(eventsUrl, JSON.stringify(body), sign({ contentType: 'application/json', ...options })),
    async reply(id) {
      const [first] = await waitFor(() => {
        const found = fake.responses(id);
        return found.length > 0 ? found : undefined;
      }, `a reply on response_url ${id}`);
      return (first as Recorded).body;
    },
    async close() {
      await bot.close();
      await cleanUp();
    },
  };
}

/** Every text of a Slack message — fallback, block texts, context elements — one per line. */
export function allText(message: Record<string, unknown>): string {
  type Text = string | { text?: string } | undefined;
  const blocks = (message.blocks ?? []) as { text?: Text; elements?: { text?: Text }[] }[];
  const text = (value: Text) => (typeof value === 'string' ? value : (value?.text ?? ''));
  return [
    text(message.text as Text),
    ...blocks.flatMap((block) => [text(block.text), ...(block.elements ?? []).map((element) => text(element.text))]),
  ]
    .filter(Boolean)
    .join('\n');
}

/** A message's "Quote & source" buttons, in reading order: the fact each one's signed command names, and its value. */
export function quoteButtons(message: Record<string, unknown>): { factId: string; value: string }[] {
  const blocks = (message.blocks ?? []) as { accessory?: { action_id?: string; value?: string } }[];
  return blocks.flatMap(({ accessory }) => {
    if (accessory?.action_id !== 'dateline_quote' || !accessory.value) return [];
    const { command } = JSON.parse(accessory.value) as { command: { kind: string; id: string } };
    return command.kind === 'fact' ? [{ factId: command.id, value: accessory.value }] : [];
  });
}
