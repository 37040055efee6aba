// A stand-in for Slack's Web API that enforces Slack's posting limits, for the fan-out and the
// busy-minute benchmarks: 1 message a second per channel, and a rate per workspace over each
// second of its clock, answered beyond them with 429 and a Retry-After. It keeps each accepted
// message with its delivery key (from our message metadata) and serves them back through
// conversations.history, which is how a delivery left in doubt by a killed instance is settled.
// Which workspace a channel belongs to is the caller's to say: one bot token serves them all.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parse } from 'node:querystring';

export interface LimitedSlackOptions {
  /** Accepted chat.postMessage calls per workspace in one second of this server's clock. */
  workspacePerSecond: number;
  workspaceOf(channel: string): string;
}

export interface Posted {
  key: string;
  /** Date.now() when accepted. */
  at: number;
  /** The bot token it came with: tells apart instances given different tokens. */
  token: string;
}

export interface LimitedSlack {
  /** For SLACK_API_URL or the poster's apiUrl. */
  url: string;
  /** Accepted posts, in order. */
  posted: Posted[];
  /** 429s for a channel posted to within a second (the poster's pacing's fault), and for a workspace's rate. */
  rateLimited: { channel: number; workspace: number };
  /** conversations.history calls: looks for a delivery in doubt. */
  historyCalls: number;
  close(): Promise<void>;
}

interface Answer {
  status: number;
  /** Retry-After, seconds. */
  wait?: number;
  body: object;
}

interface Message {
  ts: string;
  key: string;
}

export async function startLimitedSlack(options: LimitedSlackOptions): Promise<LimitedSlack> {
  const posted: Posted[] = [];
  const channels = new Map<string, { lastAt: number; messages: Message[] }>();
  const workspaces = new Map<string, { second: number; count: number }>();
  const slack = { url: '', posted, rateLimited: { channel: 0, workspace: 0 }, historyCalls: 0 };
  let ts = 0;

  const postMessage = (body: Record<string, unknown>, token: string): Answer => {
    const channel = String(body.channel);
    const now = Date.now();
    const second = Math.floor(now / 1000);
    const name = options.workspaceOf(channel);
    const workspace = workspaces.get(name) ?? { second, count: 0 };
    workspaces.set(name, workspace);
    if (workspace.second !== second) [workspace.second, workspace.count] = [second, 0];
    const inChannel = channels.get(channel) ?? { lastAt: 0, messages: [] };
    channels.set(channel, inChannel);
    const sinceLast = now - inChannel.lastAt;
    if (sinceLast < 1000 || workspace.count >= options.workspacePerSecond) {
      const byChannel = sinceLast < 1000;
      slack.rateLimited[byChannel ? 'channel' : 'workspace']++;
      return { status: 429, wait: byChannel ? Math.ceil((1000 - sinceLast) / 1000) : 1, body: { ok: false, error: 'ratelimited' } };
    }
    workspace.count++;
    inChannel.lastAt = now;
    const metadata = (typeof body.metadata === 'string' ? JSON.parse(body.metadata) : body.metadata) as { event_payload: { key: string } };
    const message = { ts: `1780000000.${String(++ts).padStart(6, '0')}`, key: metadata.event_payload.key };
    inChannel.messages.push(message);
    posted.push({ key: message.key, at: now, token });
    return { status: 200, body: { ok: true, channel, ts: message.ts } };
  };

  /** The channel's messages, newest first, each with its metadata: enough for findPosted, which reads a few pages at most. */
  const history = (body: Record<string, unknown>): Answer => {
    slack.historyCalls++;
    const messages = [...(channels.get(String(body.channel))?.messages ?? [])].reverse().map((message) => ({
      type: 'message',
      ts: message.ts,
      metadata: { event_type: 'dateline_digest', event_payload: { key: message.key } },
    }));
    return { status: 200, body: { ok: true, messages, has_more: false } };
  };

  const server = createServer((req, res) => {
    let raw = '';
    req.on('data', (chunk: Buffer) => (raw += chunk.toString('utf8')));
    req.on('end', () => {
      const body = req.headers['content-type']?.startsWith('application/json') ? (JSON.parse(raw) as Record<string, unknown>) : parse(raw);
      const token = req.headers.authorization?.replace(/^Bearer /, '') ?? String(body.token);
      const answer = req.url?.endsWith('/conversations.history') ? history(body) : postMessage(body, token);
      res
        .writeHead(answer.status, { 'content-type': 'application/json', ...(answer.wait ? { 'retry-after': String(answer.wait) } : {}) })
        .end(JSON.stringify(answer.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return Object.assign(slack, {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  });
}
