// What POST /slack/events checks before Bolt sees a request: a body no bigger than Slack ever
// sends, read within the server's request timeout; a timestamp within five minutes of now either
// way (Bolt refuses only the past); Slack's v0 signature, checked by Bolt's own
// verifySlackRequest; and a signature not seen before, so that a captured request replayed
// within its five minutes is refused on every instance (Slack's own retry of it, marked
// X-Slack-Retry-Num, gets a 200 and nothing more). What
// passes must also be something Dateline handles, with the fields its listeners read (zod).
import type { IncomingMessage, ServerResponse } from 'node:http';
import { parse } from 'node:querystring';
import { verifySlackRequest } from '@slack/bolt';
import type { Logger } from 'pino';
import { z } from 'zod';
import { type ReplayCache, readBodyWithin, sendJson, ZONE_QUERY_MAX_CHARS } from '../../src/index.ts';
import { ACTION_IDS } from './actions.ts';
import { FORM_CALLBACK_ID, ZONE_ACTION_ID } from './views.ts';

/**
 * Slack's largest payloads are interactivity bodies that carry a whole message or view: 50
 * blocks of at most 3,000 characters, form-encoded, come to a few hundred KB. Bolt's default
 * buffers 4 MB per request before the signature is checked; 512 KiB covers anything Slack sends.
 */
export const SLACK_BODY_MAX_BYTES = 512 * 1024;
/** Slack's window: a request more than five minutes from now, in either direction, is refused. */
export const SLACK_TIMESTAMP_WINDOW_SECONDS = 5 * 60;
/** A signature is remembered until its timestamp has left the window on both sides. */
const SIGNATURE_TTL_MS = 2 * SLACK_TIMESTAMP_WINDOW_SECONDS * 1000;

/** The request as Bolt's HTTPReceiver takes it already read: with its raw body attached. */
type BufferedRequest = IncomingMessage & { rawBody: Buffer };

class Refusal extends Error {
  constructor(
    readonly status: 400 | 401 | 409 | 413,
    message: string,
  ) {
    super(message);
  }
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const body = await readBodyWithin(req, SLACK_BODY_MAX_BYTES);
  if (!body) throw new Refusal(413, `Slack requests are at most ${SLACK_BODY_MAX_BYTES} bytes.`);
  return body;
}

function header(req: IncomingMessage, name: string): string {
  const value = req.headers[name];
  if (typeof value !== 'string' || value === '') throw new Refusal(401, `${name} is missing.`);
  return value;
}

/**
 * Slack's ids (T…, C…, U…, E…): capitals and digits. Bolt keeps caches in plain objects keyed by
 * them, where an id such as "toString" makes it fail with a 500.
 */
const slackId = z.string().regex(/^[A-Z0-9]{2,64}$/);

/** A slash command, with the fields the listeners read. */
const SlashCommand = z.looseObject({
  command: z.string().min(1),
  text: z.string().optional(),
  team_id: slackId,
  channel_id: slackId,
  user_id: slackId,
  response_url: z.url({ protocol: /^https?$/ }),
});

/** A click on a button of a message (Share), with the fields its listener reads. */
const MessageClick = z.looseObject({
  type: z.literal('block_actions'),
  trigger_id: z.string().min(1),
  response_url: z.url({ protocol: /^https?$/ }),
  user: z.looseObject({ id: slackId, team_id: slackId.optional() }),
  team: z.looseObject({ id: slackId }).nullish(),
  // Bolt reads channel.id whenever channel is not undefined: null would throw inside it.
  channel: z.looseObject({ id: slackId }).optional(),
  container: z.looseObject({ channel_id: slackId.optional() }),
  actions: z
    .array(z.looseObject({ action_id: z.enum(ACTION_IDS.withResponseUrl), type: z.literal('button'), value: z.string().optional() }))
    .length(1),
});

/** A click on a button of the forms or the Home tab (no response_url: Home buttons have none). */
const OtherClick = z.looseObject({
  type: z.literal('block_actions'),
  trigger_id: z.string().min(1),
  user: z.looseObject({ id: slackId, team_id: slackId.optional() }),
  team: z.looseObject({ id: slackId }).nullish(),
  channel: z.looseObject({ id: slackId }).optional(),
  container: z.looseObject({}),
  actions: z
    .array(
      z.looseObject({
        action_id: z.enum(ACTION_IDS.withoutResponseUrl),
        type: z.literal('button'),
        value: z.string().optional(),
      }),
    )
    .length(1),
});

/** An input's state in a submitted view, with the types the form reads (a time is text, options a list). */
const ElementState = z.looseObject({
  type: z.string(),
  value: z.string().nullish(),
  selected_time: z.string().nullish(),
  selected_option: z.looseObject({ value: z.string() }).nullish(),
  selected_options: z.array(z.looseObject({ value: z.string() })).optional(),
});

/** The subscription modal, submitted. */
const FormSubmission = z.looseObject({
  type: z.literal('view_submission'),
  // Null for an org-wide (Enterprise Grid) install, as on clicks.
  team: z.looseObject({ id: slackId }).nullish(),
  user: z.looseObject({ id: slackId }),
  view: z.looseObject({
    callback_id: z.literal(FORM_CALLBACK_ID),
    private_metadata: z.string().optional(),
    state: z.looseObject({ values: z.record(z.string(), z.record(z.string(), ElementState)) }),
  }),
});

/** The zone select's lookup. */
const ZoneSuggestion = z.looseObject({
  type: z.literal('block_suggestion'),
  action_id: z.literal(ZONE_ACTION_ID),
  value: z.string().max(ZONE_QUERY_MAX_CHARS),
  user: z.looseObject({ id: slackId }),
  team: z.looseObject({ id: slackId }).nullish(),
});

/** The schema for an interaction payload, by its type (and, for a click, by its button), so that a refusal names the field. */
function interactionSchema(payload: unknown): z.ZodType | undefined {
  const { type, actions } = (payload ?? {}) as { type?: unknown; actions?: { action_id?: unknown }[] };
  if (type === 'block_actions') {
    const action = Array.isArray(actions) ? actions[0]?.action_id : undefined;
    return (ACTION_IDS.withResponseUrl as readonly unknown[]).includes(action) ? MessageClick : OtherClick;
  }
  if (type === 'view_submission') return FormSubmission;
  if (type === 'block_suggestion') return ZoneSuggestion;
  return undefined;
}

/** The JSON bodies Dateline takes: Slack's verification challenge, and the Home tab being opened. */
const UrlVerification = z.looseObject({ type: z.literal('url_verification'), challenge: z.string() });
const HomeOpened = z.looseObject({
  type: z.literal('event_callback'),
  team_id: slackId,
  event: z.looseObject({ type: z.literal('app_home_opened'), user: slackId, tab: z.string().optional() }),
});
/** A mention, any message where Dateline is (edits, joins and bots' posts too: the listener skips them), the assistant pane's threads. */
const Conversation = z.looseObject({
  type: z.literal('event_callback'),
  team_id: slackId,
  event: z.union([
    z.looseObject({ type: z.literal('app_mention'), channel: slackId, user: slackId, ts: z.string(), text: z.string() }),
    z.looseObject({ type: z.literal('message'), channel: slackId }),
    z.looseObject({
      type: z.enum(['assistant_thread_started', 'assistant_thread_context_changed']),
      assistant_thread: z.looseObject({ user_id: slackId, channel_id: slackId, thread_ts: z.string() }),
    }),
  ]),
});
const JsonBody = z.union([UrlVerification, HomeOpened, Conversation]);

/** With OAuth, the only events Dateline subscribes to: the end of an install. */
const LifecycleEvent = z.looseObject({
  type: z.literal('event_callback'),
  team_id: slackId.optional(),
  event: z.union([
    z.looseObject({ type: z.literal('app_uninstalled') }),
    z.looseObject({
      type: z.literal('tokens_revoked'),
      tokens: z.looseObject({ oauth: z.array(z.string()).optional(), bot: z.array(z.string()).optional() }),
    }),
  ]),
});

/** "payload.view.state…: expected string, received number": the first field a shape check refused, and why. */
function fieldOf(error: z.ZodError, under: string): string {
  const [issue] = error.issues;
  const field = [under, ...(issue?.path ?? []).map(String)].filter(Boolean).join('.') || 'body';
  return `${field}: ${issue?.message ?? 'invalid'}`;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/**
 * Read as Bolt reads it (form fields for exactly application/x-www-form-urlencoded, JSON
 * otherwise), the body must be what Dateline handles: a slash command, a click on one of its
 * buttons, its form's submission or zone lookup, one of the events it subscribes to, or Slack's
 * URL verification.
 * Anything else, even signed, would reach no listener (Bolt then waits 3 s and logs an error) or
 * trip over a field it takes for granted.
 */
function checkShape(req: IncomingMessage, body: Buffer, lifecycleEvents: boolean): void {
  const text = body.toString('utf8');
  if (req.headers['content-type'] === 'application/x-www-form-urlencoded') {
    const fields = parse(text);
    const payload = typeof fields.payload === 'string' ? parseJson(fields.payload) : undefined;
    const schema = typeof fields.payload === 'string' ? interactionSchema(payload) : SlashCommand;
    if (!schema)
      throw new Refusal(400, 'Dateline takes slash commands and the interactions of its own buttons and forms; this is none of them.');
    const checked = schema.safeParse(typeof fields.payload === 'string' ? payload : fields);
    if (!checked.success) throw new Refusal(400, `${fieldOf(checked.error, typeof fields.payload === 'string' ? 'payload' : '')}`);
    return;
  }
  const json = parseJson(text);
  if (lifecycleEvents) {
    const lifecycle = LifecycleEvent.safeParse(json);
    if (lifecycle.success) return;
    const type = (json as { event?: { type?: unknown } } | undefined)?.event?.type;
    if (type === 'app_uninstalled' || type === 'tokens_revoked') throw new Refusal(400, fieldOf(lifecycle.error, ''));
  }
  if (!JsonBody.safeParse(json).success) {
    const events = `app_home_opened, app_mention, message, assistant_thread_started${lifecycleEvents ? ', app_uninstalled and tokens_revoked' : ''}`;
    throw new Refusal(400, `Dateline takes the events ${events}; send slash commands and interactions form-encoded.`);
  }
}

/** Slack's v0 signature, by Bolt's verifySlackRequest (which throws on a mismatch), judged by our clock. */
function signatureMatches(signingSecret: string, timestamp: number, body: Buffer, signature: string, at: Date): boolean {
  try {
    verifySlackRequest({
      signingSecret,
      body: body.toString('utf8'),
      headers: { 'x-slack-signature': signature, 'x-slack-request-timestamp': timestamp },
      nowMilliseconds: at.getTime(),
    });
    return true;
  } catch {
    return false;
  }
}

/** Slack's SSL check: unsigned, answered with 200 and nothing else (as Bolt does). */
function isSslCheck(req: IncomingMessage, body: Buffer): boolean {
  // Looked for in the raw body first: parsing every command's body for it cost a few KB of garbage each.
  return (
    req.headers['content-type'] === 'application/x-www-form-urlencoded' &&
    body.includes('ssl_check') &&
    parse(body.toString('utf8')).ssl_check === '1'
  );
}

export interface SignedRequestGuard {
  /** The request with its body attached, ready for Bolt; or undefined once it has been refused (or answered). */
  admit(req: IncomingMessage, res: ServerResponse): Promise<BufferedRequest | undefined>;
}

/** `lifecycleEvents`: with OAuth, app_uninstalled and tokens_revoked are admitted too. */
export function signedRequestGuard(
  signingSecret: string,
  replays: ReplayCache,
  logger: Logger,
  lifecycleEvents: boolean,
  now: () => Date = () => new Date(),
): SignedRequestGuard {
  const check = async (req: IncomingMessage): Promise<Buffer | 'ssl-check' | 'retried'> => {
    const body = await readBody(req);
    if (isSslCheck(req, body)) return 'ssl-check';
    const signature = header(req, 'x-slack-signature');
    const timestamp = Number(header(req, 'x-slack-request-timestamp'));
    const at = now();
    if (!Number.isInteger(timestamp) || Math.abs(at.getTime() / 1000 - timestamp) > SLACK_TIMESTAMP_WINDOW_SECONDS) {
      throw new Refusal(401, 'x-slack-request-timestamp is more than five minutes from now.');
    }
    if (!signatureMatches(signingSecret, timestamp, body, signature, at)) throw new Refusal(401, 'The signature does not match.');
    checkShape(req, body, lifecycleEvents);
    if (!(await replays.firstSeen(`slack-request:${signature}`, at, SIGNATURE_TTL_MS))) {
      // Slack's own retry of a delivery that was processed: answered 200, so that Slack stops retrying.
      if (req.headers['x-slack-retry-num'] !== undefined) return 'retried';
      throw new Refusal(409, 'This signed request was already processed.');
    }
    return body;
  };
  return {
    async admit(req, res) {
      let body: Buffer | 'ssl-check' | 'retried';
      try {
        body = await check(req);
      } catch (error) {
        if (!(error instanceof Refusal)) throw error;
        logger.warn({ status: error.status, reason: error.message }, 'slack: refused a request');
        sendJson(res, error.status, { error: error.message }, error.status === 413 ? { connection: 'close' } : {});
        return undefined;
      }
      if (body === 'ssl-check' || body === 'retried') {
        res.writeHead(200).end();
        return undefined;
      }
      return Object.assign(req, { rawBody: body });
    },
  };
}
