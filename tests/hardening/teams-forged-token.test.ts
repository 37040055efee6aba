// With MicrosoftAppId set, /api/messages must refuse (401, no reply, nothing stored) any
// activity whose Bearer token is not a Bot Framework token for this bot: garbage, a token signed
// with a key that is not the Bot Framework's, an unsigned ("alg": "none") one, one for another
// app, an expired one, one naming an unknown key. tests/teams/auth.e2e.test.ts covers "no token".
//
// No network: botbuilder fetches the Bot Framework's OpenID metadata and signing keys, so nock
// serves them from login.botframework.com with a key made here (and an access token for the
// reply from login.microsoftonline.com). A correctly signed token is answered, which shows the
// refusals are the token's fault and not the set-up's.
import { createSign, generateKeyPairSync, type KeyObject } from 'node:crypto';
import nock from 'nock';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { rawRequest } from '../support/raw-http.ts';
import { CHANNEL_ID, FakeConnector, guardNetwork, mentionMessage, startTeamsBot, teamsChannel, type TeamsBot } from '../teams/support.ts';

const APP_ID = '5e9f3a1c-7b2d-4c8e-a6f0-3d1e2b4c5a69';
const PASSWORD = 'Zq8~not-a-real-secret.4f2b9c';
const ISSUER = 'https://api.botframework.com';
const KEY_ID = 'dateline-test-key';
/** The access token the fake Microsoft Entra hands the bot for its reply. */
const ACCESS_TOKEN = 'fake-connector-access-token';

const signing = generateKeyPairSync('rsa', { modulusLength: 2048 });
const attacker = generateKeyPairSync('rsa', { modulusLength: 2048 });

const base64url = (value: unknown) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');

function jwt(header: Record<string, unknown>, claims: Record<string, unknown>, key: KeyObject | undefined): string {
  const input = `${base64url(header)}.${base64url(claims)}`;
  return key ? `${input}.${createSign('RSA-SHA256').update(input).sign(key).toString('base64url')}` : `${input}.`;
}

let connector: FakeConnector;
let teams: TeamsBot;
let restoreNetwork: () => void;

beforeAll(async () => {
  restoreNetwork = guardNetwork();
  const { n, e } = signing.publicKey.export({ format: 'jwk' });
  nock('https://login.botframework.com')
    .persist()
    .get('/v1/.well-known/openidconfiguration')
    .reply(200, {
      issuer: ISSUER,
      jwks_uri: 'https://login.botframework.com/v1/.well-known/keys',
      id_token_signing_alg_values_supported: ['RS256'],
    })
    .get('/v1/.well-known/keys')
    .reply(200, { keys: [{ kty: 'RSA', use: 'sig', kid: KEY_ID, n, e, endorsements: ['msteams'] }] });
  nock('https://login.microsoftonline.com')
    .persist()
    .post((uri) => uri.includes('/oauth2/v2.0/token'))
    .reply(200, { token_type: 'Bearer', expires_in: 3600, ext_expires_in: 3600, access_token: ACCESS_TOKEN });
  connector = new FakeConnector();
  await connector.start();
  teams = await startTeamsBot({ MicrosoftAppId: APP_ID, MicrosoftAppPassword: PASSWORD, MicrosoftAppType: 'MultiTenant' });
});

afterAll(async () => {
  await teams?.close();
  await connector?.stop();
  restoreNetwork?.();
});

beforeEach(() => {
  connector.clear();
  // botbuilder writes each refusal to console.error itself; keep the test output readable.
  vi.spyOn(console, 'error').mockImplementation(() => undefined);
  return () => vi.restoreAllMocks();
});

function claims(changes: Record<string, unknown> = {}): Record<string, unknown> {
  const now = Math.floor(Date.now() / 1000);
  return { iss: ISSUER, aud: APP_ID, nbf: now - 60, exp: now + 600, serviceurl: connector.url, ...changes };
}

const header = (changes: Record<string, unknown> = {}) => ({ alg: 'RS256', typ: 'JWT', kid: KEY_ID, ...changes });

const REFUSED: [string, () => string][] = [
  ['a token that is not a JWT', () => 'Bearer not-a-token'],
  ['three dots of garbage', () => 'Bearer aaa.bbb.ccc'],
  ['another scheme', () => `Basic ${Buffer.from(`${APP_ID}:${PASSWORD}`).toString('base64')}`],
  ['a 10,000-character token', () => `Bearer ${'A'.repeat(10_000)}`],
  ['a token for another app', () => `Bearer ${jwt(header(), claims({ aud: '00000000-0000-0000-0000-000000000000' }), signing.privateKey)}`],
  [
    'an expired token',
    () =>
      `Bearer ${jwt(header(), claims({ nbf: Math.floor(Date.now() / 1000) - 7200, exp: Math.floor(Date.now() / 1000) - 3600 }), signing.privateKey)}`,
  ],
  [
    'a token naming a key the Bot Framework does not publish',
    () => `Bearer ${jwt(header({ kid: 'unknown-key' }), claims(), attacker.privateKey)}`,
  ],
  ['a token from another issuer', () => `Bearer ${jwt(header(), claims({ iss: 'https://evil.example' }), signing.privateKey)}`],
  // The two below are forged: the right issuer, audience and key id, but not the Bot Framework's signature.
  ['a forged token signed with another key', () => `Bearer ${jwt(header(), claims(), attacker.privateKey)}`],
  ['an unsigned token ("alg": "none")', () => `Bearer ${jwt(header({ alg: 'none' }), claims(), undefined)}`],
];

describe('with MicrosoftAppId set, the Authorization header is checked before the body is read', () => {
  it.each([
    ['no token', ''],
    ['a token from another issuer', 'from-another-issuer'],
    ['an unsigned token', 'unsigned'],
  ])('%s: 401 at once, while the body is still arriving', async (_label, kind) => {
    const token =
      kind === 'from-another-issuer'
        ? jwt(header(), claims({ iss: 'https://evil.example' }), signing.privateKey)
        : kind === 'unsigned'
          ? jwt(header({ alg: 'none' }), claims(), undefined)
          : undefined;
    // botbuilder is loaded with the first request: not this one's to wait for.
    expect((await teams.send(mentionMessage(connector.url, 'today'))).status).toBe(401);
    // A megabyte declared, a few bytes sent, the rest never: the answer cannot have waited for it.
    const request = `POST /api/messages HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000000\r\n${token ? `Authorization: Bearer ${token}\r\n` : ''}\r\n{"type":`;
    const answer = await rawRequest(teams.bot.port, request, true);
    expect(answer.status).toBe(401);
    expect(answer.closedAfterMs).toBeLessThan(2_000);
  });
});

describe('with MicrosoftAppId set, an activity carrying', () => {
  it.each(REFUSED)('%s is refused with 401, unanswered and not stored', async (_label, authorization) => {
    const response = await teams.send(mentionMessage(connector.url, 'today'), { authorization: authorization() });
    expect(connector.requests).toEqual([]);
    expect(await teams.bot.store.getConversation(teamsChannel(CHANNEL_ID))).toBeUndefined();
    expect(response.status).toBe(401);
  });

  it('a token signed with the published key is answered, so the refusals above are the tokens’ doing (runs last: it stores the conversation)', async () => {
    const response = await teams.send(mentionMessage(connector.url, 'search lunit'), {
      authorization: `Bearer ${jwt(header(), claims(), signing.privateKey)}`,
    });
    expect(response.status).toBe(200);
    expect(connector.requests).toHaveLength(1);
    expect(connector.requests[0]!.authorization).toBe(`Bearer ${ACCESS_TOKEN}`);
    expect(connector.requests[0]!.body.summary).toBe('Search: lunit');
    expect(await teams.bot.store.getConversation(teamsChannel(CHANNEL_ID))).toBeDefined();
  });
});
