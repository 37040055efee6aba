// A stand-in for Slack's Web API for the end-to-end suites (SLACK_API_URL points `dateline`
// at it). Unlike tests/slack/support/fake-slack.ts it keeps state like Slack does: a message
// accepted by chat.postMessage is stored in its channel, with its metadata, and
// conversations.history serves it back (`oldest`/`latest`/`limit`/`cursor`, metadata only with
// include_all_metadata) — which is how Dateline settles a delivery in doubt. As Slack documents
// for history, each page lists newest first, and when `oldest` is given without `latest` the
// pages are those closest to `oldest`, paging forward; otherwise those closest to `latest`.
// chat.postMessage's behaviour is replaceable and may be asynchronous: answer late, never, or
// with an error; every call is recorded with the bot token it came with.
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ApiCall {
  method: string;
  /** The bot token from the Authorization header: tells apart processes given different tokens. */
  token: string | undefined;
  /** Form or JSON fields, with JSON-valued fields (metadata, blocks) parsed. */
  params: Record<string, unknown>;
  /** 0-based index among the calls to this method. */
  index: number;
  /** Date.now() when the request arrived. */
  receivedAt: number;
}

export interface Metadata {
  event_type: string;
  event_payload: Record<string, unknown>;
}

export interface StoredMessage {
  channel: string;
  ts: string;
  text: string;
  token: string | undefined;
  metadata?: Metadata;
}

export interface Reply {
  status?: number;
  headers?: Record<string, string>;
  body: unknown;
}

/** Decides a chat.postMessage answer; a promise that never settles is a request never answered. */
export type PostHandler = (call: ApiCall, slack: FakeSlackApi) => Reply | Promise<Reply>;

export interface FakeSlackApi {
  /** For SLACK_API_URL. */
  apiUrl: string;
  calls: ApiCall[];
  callsTo(method: string): ApiCall[];
  /** Every message in the fake: those Slack accepted, in order, and any seeded. */
  messages: StoredMessage[];
  messagesIn(channel: string): StoredMessage[];
  /** Stores a message someone else posted at `at` (epoch ms), as channel chatter. */
  seed(channel: string, at: number, text: string): void;
  /** Stores the posted message as Slack does when it accepts one, and returns Slack's success answer. */
  accept(call: ApiCall): Reply;
  /** Replaces chat.postMessage's behaviour (the default accepts at once). */
  handlePost(handler: PostHandler): void;
  close(): Promise<void>;
}

export const ok = (body: Record<string, unknown> = {}): Reply => ({ body: { ok: true, ...body } });

/** A promise that never settles: the request stays unanswered until the client gives up or dies. */
export const never = (): Promise<never> => new Promise<never>(() => undefined);

const JSON_FIELDS = new Set(['metadata', 'blocks', 'attachments']);

function parseParams(raw: string, contentType: string | undefined): Record<string, unknown> {
  if (contentType?.startsWith('application/json')) return raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
  const params: Record<string, unknown> = Object.fromEntries(new URLSearchParams(raw));
  for (const name of JSON_FIELDS) {
    if (typeof params[name] === 'string') params[name] = JSON.parse(params[name] as string) as unknown;
  }
  return params;
}

const text = (value: unknown): string | undefined => (value === undefined || value === null ? undefined : String(value));
const truthy = (value: unknown): boolean => value === true || value === 'true' || value === '1' || value === 1;

export async function startFakeSlackApi(): Promise<FakeSlackApi> {
  const calls: ApiCall[] = [];
  const messages: StoredMessage[] = [];
  let lastTs = 0;
  /** Slack's message ts: epoch seconds with microseconds, unique and increasing. */
  const nextTs = () => {
    lastTs = Math.max(lastTs + 1, Date.now() * 1000);
    return (lastTs / 1e6).toFixed(6);
  };
  /** A channel's messages, oldest first (seeded chatter may predate what was posted). */
  const messagesIn = (channel: string) =>
    messages.filter((message) => message.channel === channel).sort((a, b) => Number(a.ts) - Number(b.ts));

  const slack: FakeSlackApi = {
    apiUrl: '',
    calls,
    callsTo: (method) => calls.filter((call) => call.method === method),
    messages,
    messagesIn,
    seed(channel, at, text) {
      messages.push({ channel, ts: (at / 1000).toFixed(6), text, token: undefined });
    },
    accept(call) {
      const channel = text(call.params.channel);
      if (!channel) return ok({ ok: false, error: 'channel_not_found' });
      const message: StoredMessage = { channel, ts: nextTs(), text: text(call.params.text) ?? '', token: call.token };
      const metadata = call.params.metadata as Metadata | undefined;
      if (metadata?.event_type) message.metadata = metadata;
      messages.push(message);
      return ok({ channel, ts: message.ts, message: { type: 'message', text: message.text, ts: message.ts, bot_id: 'B0DATELINE' } });
    },
    handlePost(handler) {
      postHandler = handler;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
  let postHandler: PostHandler = (call) => slack.accept(call);

  const history = (params: Record<string, unknown>): Reply => {
    const channel = text(params.channel) ?? '';
    const oldest = Number(params.oldest ?? 0);
    const latest = params.latest === undefined ? Infinity : Number(params.latest);
    const limit = Math.min(Number(params.limit ?? 100) || 100, 999);
    const start = Number(params.cursor ?? 0) || 0;
    const inRange = messagesIn(channel).filter((message) => Number(message.ts) > oldest && Number(message.ts) < latest);
    const forward = params.oldest !== undefined && params.latest === undefined;
    const matching = forward ? inRange : inRange.reverse();
    const selected = matching.slice(start, start + limit);
    const page = (forward ? selected.reverse() : selected).map((message) => ({
      type: 'message',
      ts: message.ts,
      text: message.text,
      bot_id: 'B0DATELINE',
      ...(message.metadata && truthy(params.include_all_metadata) ? { metadata: message.metadata } : {}),
    }));
    const more = start + limit < matching.length;
    return ok({ messages: page, has_more: more, pin_count: 0, response_metadata: { next_cursor: more ? String(start + limit) : '' } });
  };

  const send = (res: ServerResponse, reply: Reply) => {
    if (res.destroyed || res.headersSent) return;
    res.writeHead(reply.status ?? 200, { 'content-type': 'application/json', ...reply.headers }).end(JSON.stringify(reply.body));
  };

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const path = new URL(req.url ?? '/', 'http://localhost').pathname;
      const method = path.startsWith('/api/') ? path.slice('/api/'.length) : path;
      const authorization = req.headers.authorization;
      const params = parseParams(Buffer.concat(chunks).toString('utf8'), req.headers['content-type']);
      const call: ApiCall = {
        method,
        token: authorization?.startsWith('Bearer ') ? authorization.slice('Bearer '.length) : text(params.token),
        params,
        index: calls.filter((earlier) => earlier.method === method).length,
        receivedAt: Date.now(),
      };
      calls.push(call);
      if (method === 'chat.postMessage') {
        Promise.resolve()
          .then(() => postHandler(call, slack))
          .then(
            (reply) => send(res, reply),
            (error: unknown) => send(res, { status: 500, body: { ok: false, error: String(error) } }),
          );
        return;
      }
      send(res, method === 'conversations.history' ? history(params) : ok());
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  slack.apiUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/`;
  return slack;
}

/** The delivery key a message carries in Dateline's metadata, if it does. */
export function deliveryKeyOf(message: { metadata?: Metadata }): string | undefined {
  if (message.metadata?.event_type !== 'dateline_digest') return undefined;
  const key = message.metadata.event_payload.key;
  return typeof key === 'string' ? key : undefined;
}
