// The edges of Slack's OAuth flow, through the wire with a stand-in oauth.v2.access: the scopes
// the install link asks for are the manifest's; an installer who presses Cancel gets a page
// saying so; a junk code, a forged state and a bad Host header get a 400 page and one warn line
// without a stack trace; and one address cannot make more than a bounded number of exchanges.
import { request } from 'node:http';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ClearStateStore } from '@slack/oauth';
import { OAUTH_REQUESTS_PER_MINUTE } from '../../adapters/slack/oauth-pages.ts';
import { OAUTH_ENV, redirect, standInOAuth, startInstall } from './support/oauth.ts';
import { startSlackBot, type SlackBot } from './support/slack-bot.ts';

const manifest = parse(readFileSync(new URL('../../adapters/slack/manifest.yaml', import.meta.url), 'utf8')) as {
  oauth_config: { scopes: { bot: string[] } };
};

let slack: SlackBot;
let base: string;

beforeAll(async () => {
  slack = await startSlackBot(OAUTH_ENV, { prepare: (fake) => standInOAuth(fake, { team: 'T000EDGES1', botUser: 'U0000BOTE' }) });
  base = `http://127.0.0.1:${slack.bot.port}`;
  // Starting a bot: seconds on a loaded machine.
}, 30_000);
afterAll(async () => {
  await slack?.close();
});

/** A GET with any Host header, from any local address (127.0.0.x: another client, as far as the server can tell). */
function get(path: string, options: { host?: string; from?: string; cookie?: string } = {}): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: slack.bot.port,
        path,
        localAddress: options.from ?? '127.0.0.1',
        headers: { host: options.host ?? `127.0.0.1:${slack.bot.port}`, ...(options.cookie ? { cookie: options.cookie } : {}) },
      },
      (res) => {
        let body = '';
        res.on('data', (chunk: Buffer) => (body += String(chunk)));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

const linesSince = (from: number) => slack.logs().slice(from);
const levelOf = (line: string) => (JSON.parse(line) as { level: string }).level;
const warnings = (lines: string[]) => lines.filter((line) => ['warn', 'error', 'fatal'].includes(levelOf(line)));

describe('the install link', () => {
  it("asks for exactly the manifest's bot scopes", async () => {
    const { page } = await startInstall(base);
    const link = /href="([^"]*slack\.com\/oauth\/v2\/authorize[^"]*)"/.exec(page)?.[1]?.replace(/&amp;/g, '&');
    expect(link).toBeDefined();
    const scope = new URL(link!).searchParams.get('scope');
    expect(scope?.split(',')).toEqual(manifest.oauth_config.scopes.bot);
    expect(manifest.oauth_config.scopes.bot).toEqual(expect.arrayContaining(['users:read', 'channels:read', 'groups:read']));
  });
});

describe('an install that does not complete', () => {
  it('says the install was cancelled when the installer pressed Cancel (access_denied)', async () => {
    const { state } = await startInstall(base);
    const from = slack.logs().length;
    const response = await redirect(base, { error: 'access_denied', state }, state);
    expect(response.status).toBe(200);
    expect(await response.text()).toMatch(/install was cancelled/);
    expect(warnings(linesSince(from))).toEqual([]);
  });

  it('answers a code Slack refuses with a 400 page and one warn line, no stack trace', async () => {
    const { state } = await startInstall(base);
    const from = slack.logs().length;
    const response = await redirect(base, { code: 'junk-code', state }, state);
    expect(response.status).toBe(400);
    expect(await response.text()).toMatch(/not valid or has expired/);
    const logged = linesSince(from);
    expect(warnings(logged)).toHaveLength(1);
    expect(warnings(logged)[0]).toContain('invalid_code');
    expect(logged.join('\n')).not.toMatch(/\\n\s+at /);
  });

  it('answers a forged state with a 400 page and no stack trace, without asking Slack', async () => {
    const exchanges = slack.fake.api('oauth.v2.access').length;
    const forged = await new ClearStateStore('not-the-state-secret').generateStateParam({ scopes: ['commands'] }, new Date());
    const from = slack.logs().length;
    const response = await redirect(base, { code: 'junk-code', state: forged }, forged);
    expect(response.status).toBe(400);
    expect(linesSince(from).join('\n')).not.toMatch(/\\n\s+at /);
    expect(warnings(linesSince(from))).toHaveLength(1);
    expect(slack.fake.api('oauth.v2.access')).toHaveLength(exchanges);
  });

  it('answers a Host header no URL can be made of with a 400 page, not a 500', async () => {
    const { state } = await startInstall(base);
    const from = slack.logs().length;
    const response = await get(`/slack/oauth_redirect?code=junk&state=${state}`, {
      host: 'bad host[',
      cookie: `slack-app-oauth-state=${state}`,
    });
    expect(response.status).toBe(400);
    expect(linesSince(from).join('\n')).not.toMatch(/\\n\s+at /);
  });
});

describe('anonymous exchanges', () => {
  it(`lets one address make at most ${OAUTH_REQUESTS_PER_MINUTE} redirects a minute, while another address is still served`, async () => {
    const exchanges = slack.fake.api('oauth.v2.access').length;
    const statuses: number[] = [];
    for (let n = 0; n < OAUTH_REQUESTS_PER_MINUTE + 5; n++)
      statuses.push(
        (await get(`/slack/oauth_redirect?code=junk-${n}&state=s${n}`, { from: '127.0.0.2', cookie: `slack-app-oauth-state=s${n}` }))
          .status,
      );
    expect(statuses.filter((status) => status === 429)).toHaveLength(5);
    expect(statuses.slice(0, OAUTH_REQUESTS_PER_MINUTE).every((status) => status === 400)).toBe(true);
    // The states were junk: no exchange was made for any of them, let alone past the limit.
    expect(slack.fake.api('oauth.v2.access')).toHaveLength(exchanges);
    expect((await get('/slack/install', { from: '127.0.0.3' })).status).toBe(200);
    expect((await get('/slack/install', { from: '127.0.0.2' })).status).toBe(200);
  });
});
