// classifyTeamsError as a plain function, over errors shaped like the RestError botbuilder
// throws for a failed Bot Connector call (status, Connector error body, headers), network
// failures and Microsoft Entra refusals.
import { describe, expect, it } from 'vitest';
import { classifyTeamsError, parseRetryAfter } from '../../adapters/teams/classify-error.ts';

/** What botbuilder 4.23 throws for a Bot Connector error response (recorded from a real call). */
function connectorError(status: number, body?: unknown, headers: Record<string, string> = {}): Error {
  const error = new Error('Bot Connector error') as Error & Record<string, unknown>;
  const details = body;
  const code = (body as { error?: { code?: string } } | undefined)?.error?.code;
  Object.assign(error, { name: 'RestError', statusCode: status, details, ...(code ? { code } : {}) });
  Object.defineProperty(error, 'response', {
    enumerable: false,
    value: { status, headers: new Headers(headers), bodyAsText: body === undefined ? '' : JSON.stringify(body) },
  });
  return error;
}

const teamsBody = (code: string, message: string, extra: Record<string, string> = {}) => ({ error: { code, message, ...extra } });

describe('classifyTeamsError', () => {
  it('retries a 429 after the Retry-After the Bot Connector gives, in seconds', () => {
    const failure = classifyTeamsError(connectorError(429, undefined, { 'retry-after': '7' }));
    expect(failure).toEqual({ kind: 'retry', reason: expect.stringContaining('rate limiting') as string, retryAfterMs: 7000 });
  });

  it('reads a Retry-After given as an HTTP date', () => {
    const now = Date.parse('2026-06-15T01:00:00Z');
    expect(parseRetryAfter('Mon, 15 Jun 2026 01:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('not a date', now)).toBeUndefined();
  });

  it.each([412, 502, 503, 504, 500, 408])('retries a %i', (status) => {
    const failure = classifyTeamsError(connectorError(status, teamsBody('ServiceError', 'Unknown error')));
    expect(failure.kind).toBe('retry');
    expect(failure.reason).toContain(String(status));
    expect(failure.retryAfterMs).toBeUndefined();
  });

  it('keeps a Retry-After on a 503', () => {
    expect(classifyTeamsError(connectorError(503, undefined, { 'retry-after': '2' })).retryAfterMs).toBe(2000);
  });

  it('pauses the conversation on 403 MessageWritesBlocked', () => {
    const body = teamsBody('Forbidden', 'Thread is blocked from further message writes.', { subCode: 'MessageWritesBlocked' });
    const failure = classifyTeamsError(connectorError(403, body));
    expect(failure.kind).toBe('channel');
    expect(failure.reason).toContain('MessageWritesBlocked');
  });

  it.each([
    ['BotNotInConversationRoster', 'The bot is not part of the conversation roster.'],
    ['ConversationBlockedByUser', 'User blocked the conversation with the bot.'],
  ])('pauses the conversation on 403 %s', (code, message) => {
    const failure = classifyTeamsError(connectorError(403, teamsBody(code, message)));
    expect(failure.kind).toBe('channel');
    expect(failure.reason).toContain(code);
  });

  it('pauses the conversation when it is gone (404)', () => {
    const failure = classifyTeamsError(connectorError(404, teamsBody('ConversationNotFound', 'Conversation not found.')));
    expect(failure).toEqual({ kind: 'channel', reason: 'The conversation no longer exists (404 ConversationNotFound).' });
  });

  it('fails the install on 401: the credentials are wrong', () => {
    const failure = classifyTeamsError(connectorError(401, teamsBody('Unauthorized', 'Authorization has been denied for this request.')));
    expect(failure.kind).toBe('install');
    expect(failure.reason).toContain('MicrosoftAppPassword');
  });

  it('fails the install when a tenant admin disabled the bot', () => {
    expect(classifyTeamsError(connectorError(403, teamsBody('BotDisabledByAdmin', 'The tenant admin disabled this bot'))).kind).toBe(
      'install',
    );
  });

  it('fails the install when Microsoft Entra refuses the client secret', () => {
    const entra = Object.assign(new Error('AADSTS7000215: Invalid client secret provided.'), { errorCode: 'invalid_client' });
    expect(classifyTeamsError(entra).kind).toBe('install');
  });

  it('does not retry a message the Bot Connector refuses outright (400)', () => {
    expect(classifyTeamsError(connectorError(400, teamsBody('BadArgument', 'Unknown activity type'))).kind).toBe('channel');
  });

  it('retries when the Bot Connector cannot be reached', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { name: 'RestError', code: 'ECONNREFUSED' });
    expect(classifyTeamsError(refused)).toEqual({
      kind: 'retry',
      reason: 'The Bot Connector could not be reached (network error ECONNREFUSED).',
    });
    expect(classifyTeamsError('something odd').kind).toBe('retry');
  });
});
