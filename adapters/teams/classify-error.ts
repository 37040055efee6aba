// Maps every failure of a Bot Connector call to what the scheduler should do about it: retry
// later, pause this conversation, or pause the whole install. One plain function, unit-tested.
import type { PostFailure } from '../../src/index.ts';

/** What a failed call looks like: botbuilder throws RestError (statusCode, details, response). */
interface ErrorShape {
  statusCode?: unknown;
  code?: unknown;
  errorCode?: unknown;
  message?: unknown;
  details?: unknown;
  response?: { status?: unknown; headers?: unknown; bodyAsText?: unknown };
}

/** Statuses after which the same request may succeed later (412 is Teams' "precondition failed, try again"). */
const RETRY_STATUSES = new Set([408, 412, 429, 500, 502, 503, 504]);
/** Network failures that say nothing about the conversation or the credentials. */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'ESOCKETTIMEDOUT',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EPIPE',
  'UND_ERR_SOCKET',
]);
/** Microsoft Entra refusals of the bot's own credentials when it asks for a token. */
const CREDENTIAL_CODES = new Set(['invalid_client', 'unauthorized_client']);

function header(headers: unknown, name: string): string | undefined {
  if (!headers || typeof headers !== 'object') return undefined;
  if ('get' in headers && typeof headers.get === 'function') return (headers.get(name) as string | undefined) ?? undefined;
  const value = (headers as Record<string, unknown>)[name];
  return typeof value === 'string' ? value : undefined;
}

/** Retry-After in seconds or as an HTTP date, in milliseconds from now. */
export function parseRetryAfter(value: string | undefined, now = Date.now()): number | undefined {
  if (!value) return undefined;
  if (/^\d+(\.\d+)?$/.test(value.trim())) return Math.round(Number(value) * 1000);
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** The Bot Connector's error body as text: `{"error":{"code":"…","message":"…"}}`, sometimes with a subCode. */
function bodyText(error: ErrorShape): string {
  if (typeof error.response?.bodyAsText === 'string') return error.response.bodyAsText;
  return error.details === undefined ? '' : JSON.stringify(error.details);
}

function connectorCode(error: ErrorShape): string | undefined {
  const details = error.details as { error?: { code?: unknown } } | undefined;
  const code = details?.error?.code ?? error.code;
  return typeof code === 'string' ? code : undefined;
}

export function classifyTeamsError(error: unknown): PostFailure {
  const shape: ErrorShape = error !== null && typeof error === 'object' ? (error as ErrorShape) : {};
  const rawStatus = shape.statusCode ?? shape.response?.status;
  const status = typeof rawStatus === 'number' ? rawStatus : undefined;
  const code = connectorCode(shape);
  const body = bodyText(shape);
  const said = code ? ` ${code}` : '';

  if (status === undefined) {
    const errorCode = typeof shape.errorCode === 'string' ? shape.errorCode : undefined;
    if (errorCode && CREDENTIAL_CODES.has(errorCode)) {
      return {
        kind: 'install',
        reason: `Microsoft Entra refused the bot's credentials (${errorCode}): check MicrosoftAppId, MicrosoftAppPassword and MicrosoftAppTenantId.`,
      };
    }
    const network = code && NETWORK_CODES.has(code) ? `network error ${code}` : 'no response';
    return { kind: 'retry', reason: `The Bot Connector could not be reached (${network}).` };
  }
  if (status === 401) {
    return {
      kind: 'install',
      reason: `The Bot Connector rejected the bot's credentials (401${said}): check MicrosoftAppId and MicrosoftAppPassword in the Azure Bot's Configuration.`,
    };
  }
  if (RETRY_STATUSES.has(status)) {
    const retryAfterMs = parseRetryAfter(header(shape.response?.headers, 'retry-after'));
    const why = status === 429 ? 'is rate limiting the bot' : 'failed for now';
    return {
      kind: 'retry',
      reason: `The Bot Connector ${why} (${status}${said}).`,
      ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
    };
  }
  if (status === 403) {
    if (code === 'BotDisabledByAdmin')
      return { kind: 'install', reason: 'A Teams admin disabled Dateline for this tenant (403 BotDisabledByAdmin).' };
    if (body.includes('MessageWritesBlocked'))
      return {
        kind: 'channel',
        reason: 'Teams blocks messages to this conversation: Dateline was blocked or uninstalled there (403 MessageWritesBlocked).',
      };
    if (code === 'BotNotInConversationRoster')
      return { kind: 'channel', reason: 'Dateline is no longer a member of this conversation (403 BotNotInConversationRoster).' };
    return { kind: 'channel', reason: `Teams forbids Dateline to post in this conversation (403${said}).` };
  }
  if (status === 404) return { kind: 'channel', reason: `The conversation no longer exists (404${said}).` };
  if (status >= 500) return { kind: 'retry', reason: `The Bot Connector failed (${status}${said}).` };
  return { kind: 'channel', reason: `The Bot Connector refused the message for this conversation (${status}${said}).` };
}
