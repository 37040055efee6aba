// Shared wiring for the Teams suites: the real bot on loopback with a temp SQLite store, a
// local HTTP server playing the Bot Connector at the activities' serviceUrl, recorded
// activity fixtures, and a network guard so that nothing leaves loopback.
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import nock from 'nock';
import type { Logger } from 'pino';
import { teamsAdapter } from '../../adapters/teams/index.ts';
import type { TeamsMessageActivity } from '../../adapters/teams/render.ts';
import type { CoreConfig } from '../../src/config.ts';
import { createLogger } from '../../src/logger.ts';
import { startBot, type RunningBot } from '../../src/server/serve.ts';
import type { ChannelRef } from '../../src/types.ts';

export const FACTS_DIR = fileURLToPath(new URL('../../facts', import.meta.url));
/** The Teams app's manifest and icons, beside the Teams adapter. */
export const TEAMS_DIR = fileURLToPath(new URL('../../adapters/teams/app', import.meta.url));
const FIXTURES_DIR = fileURLToPath(new URL('../fixtures/teams', import.meta.url));

/** Monday 15 June 2026, 10:00 in Seoul: the instant every end-to-end turn is answered at. */
export const NOW = new Date('2026-06-15T01:00:00Z');
export const TENANT_ID = '8d1b2f4e-3c5a-4e7b-9f60-1a2b3c4d5e6f';
export const BOT_ID = '28:5e9f3a1c-7b2d-4c8e-a6f0-3d1e2b4c5a69';
export const CHANNEL_ID = '19:Qp8sJ3kLm2Nv7xYz1Ab4Cd6Ef9Gh0Ij@thread.tacv2';
export const GENERAL_CHANNEL_ID = '19:Rt5uVw7xYz9Ab1Cd3Ef5Gh7Ij9Kl1Mn@thread.tacv2';
export const GROUP_CHAT_ID = '19:4c7e1a9b2d3f4e5a8b6c0d1e2f3a4b5c@thread.v2';

export const teamsChannel = (channel: string, workspace = TENANT_ID): ChannelRef => ({ platform: 'teams', workspace, channel });

/** Allows loopback only: a request for any other host fails the test that made it. */
export function guardNetwork(): () => void {
  nock.disableNetConnect();
  nock.enableNetConnect((host) => /^(127\.0\.0\.1|localhost)(:\d+)?$/.test(host));
  return () => {
    nock.cleanAll();
    nock.enableNetConnect();
  };
}

export type Activity = Record<string, unknown> & { id?: string; conversation: { id: string } };

/** A recorded activity from tests/fixtures/teams, addressed to the fake connector. */
export function fixture(name: string, serviceUrl: string, changes: Record<string, unknown> = {}): Activity {
  const activity = JSON.parse(readFileSync(join(FIXTURES_DIR, `${name}.json`), 'utf8')) as Activity;
  return { ...activity, serviceUrl, ...changes };
}

/** The channel-message fixture with another command after the mention of "Dateline Bot". */
export function mentionMessage(serviceUrl: string, command: string, id = '1781485323456'): Activity {
  return fixture('channel-message-mention', serviceUrl, { text: `<at>Dateline Bot</at> ${command}\n`, id });
}

export interface ConnectorRequest {
  method: string;
  path: string;
  conversationId: string;
  /** The activity replied to, from POST /v3/conversations/{id}/activities/{replyToId}. */
  replyToId?: string;
  authorization?: string;
  bytes: number;
  body: TeamsMessageActivity & { replyToId?: string; conversation?: { id: string } };
}

export interface ConnectorReply {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
}

/** A local node:http server standing in for the Bot Connector, recording what the bot sends. */
export class FakeConnector {
  readonly requests: ConnectorRequest[] = [];
  private server: Server | undefined;
  private sent = 0;
  /** How to answer the next requests; 200 with a fresh activity id unless a test says otherwise. */
  reply: (request: ConnectorRequest) => ConnectorReply = () => ({ status: 200, body: { id: `1:posted-${++this.sent}` } });

  get url(): string {
    return `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}/`;
  }

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const raw = Buffer.concat(chunks);
        const path = req.url ?? '/';
        const match = /^\/v3\/conversations\/([^/]+)\/activities(?:\/([^/]+))?$/.exec(path);
        const request: ConnectorRequest = {
          method: req.method ?? '',
          path,
          conversationId: match ? decodeURIComponent(match[1]!) : '',
          ...(match?.[2] ? { replyToId: decodeURIComponent(match[2]) } : {}),
          ...authorizationOf(req.headers),
          bytes: raw.length,
          body: raw.length > 0 ? (JSON.parse(raw.toString('utf8')) as ConnectorRequest['body']) : ({} as ConnectorRequest['body']),
        };
        this.requests.push(request);
        const answer = this.reply(request);
        res
          .writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers })
          .end(answer.body === undefined ? '' : JSON.stringify(answer.body));
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
  }

  clear(): void {
    this.requests.length = 0;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }
}

function authorizationOf(headers: IncomingHttpHeaders): { authorization?: string } {
  return headers.authorization ? { authorization: headers.authorization } : {};
}

/** Log lines written by the bot, kept so that a test can look for secrets in them. */
export function captureLogs(): { logger: Logger; text: () => string } {
  let written = '';
  const stream = new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      written += String(chunk);
      done();
    },
  });
  return { logger: createLogger('debug', stream), text: () => written };
}

export interface TeamsBot {
  bot: RunningBot;
  /** POST /api/messages with the activity, as the Bot Connector would. */
  send(activity: unknown, headers?: Record<string, string>): Promise<{ status: number; text: string }>;
  close(): Promise<void>;
}

/** startBot with only the Teams adapter, on 127.0.0.1 and a free port, over a fresh SQLite file. */
export async function startTeamsBot(env: NodeJS.ProcessEnv = {}, logger: Logger = createLogger('silent')): Promise<TeamsBot> {
  const dir = mkdtempSync(join(tmpdir(), 'dateline-teams-'));
  const config: CoreConfig = {
    port: 0,
    factsDir: FACTS_DIR,
    zone: 'Asia/Seoul',
    catchupHours: 6,
    dbPath: join(dir, 'dateline.db'),
    logLevel: 'silent',
  };
  let bot: RunningBot;
  try {
    bot = await startBot({ config, env, adapters: [teamsAdapter()], clock: () => NOW, logger, host: '127.0.0.1' });
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  return {
    bot,
    async send(activity, headers = {}) {
      const response = await fetch(`http://127.0.0.1:${bot.port}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify(activity),
      });
      return { status: response.status, text: await response.text() };
    },
    async close() {
      await bot.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Every text run of a card, in reading order: what a reader of the card sees. */
export function cardText(activity: TeamsMessageActivity): string {
  const runs: string[] = [];
  const visit = (element: unknown) => {
    if (!element || typeof element !== 'object') return;
    const record = element as Record<string, unknown>;
    if (record.type === 'TextRun' && typeof record.text === 'string') runs.push(record.text);
    for (const value of Object.values(record)) if (Array.isArray(value)) value.forEach(visit);
  };
  for (const attachment of activity.attachments) visit(attachment.content);
  return runs.join('\n');
}

/** A card's "Quote & source" ShowCards, in reading order: the fact each names (by its id), the texts its card shows, and the links it opens. */
export function quoteCards(activity: TeamsMessageActivity): { factId: string; texts: string[]; links: { title: string; url: string }[] }[] {
  type Node = { type?: string; items?: Node[]; actions?: Node[]; id?: string; card?: { body: Node[]; actions?: Node[] } };
  type Run = { text: string };
  const found: ReturnType<typeof quoteCards> = [];
  const visit = (node: Node) => {
    for (const child of node.items ?? []) visit(child);
    if (node.type !== 'ActionSet') return;
    for (const action of node.actions ?? []) {
      if (action.type !== 'Action.ShowCard' || !action.card) continue;
      found.push({
        factId: (action.id ?? '').replace(/^quote:\d+:/, ''),
        texts: action.card.body.flatMap((block) => ((block as { inlines?: Run[] }).inlines ?? []).map((run) => run.text)),
        links: (action.card.actions ?? []) as unknown as { title: string; url: string }[],
      });
    }
  };
  for (const element of activity.attachments[0].content.body as Node[]) visit(element);
  return found;
}

/** The fake Bot Connector and the bot, started once for a test file and cleared before each test. */
export function useTeamsBot(): { connector: FakeConnector; teams: TeamsBot } {
  const running = {} as { connector: FakeConnector; teams: TeamsBot };
  let restoreNetwork: (() => void) | undefined;
  beforeAll(async () => {
    restoreNetwork = guardNetwork();
    running.connector = new FakeConnector();
    await running.connector.start();
    running.teams = await startTeamsBot();
  });
  afterAll(async () => {
    await running.teams?.close();
    await running.connector?.stop();
    restoreNetwork?.();
  });
  beforeEach(() => running.connector.clear());
  return running;
}
