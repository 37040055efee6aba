// Slack's OAuth through the wire, for the tests of installs: the bot's "Add to Slack" page, the
// redirect Slack sends the installer back with, and a stand-in oauth.v2.access on the fake Web
// API that hands out one workspace's tokens (rotating ones when asked: refresh_token and
// expires_in, then grant_type=refresh_token).
import { expect } from 'vitest';
import type { FakeReply, FakeSlack } from './fake-slack.ts';

export const CLIENT_ID = '1111.2222';
export const CLIENT_SECRET = 'oauth0test0client0secret0Vq8Zr';
export const STATE_SECRET = 'oauth0test0state0secret0Lm3Kp';
export const SECRET_KEY = 'test-only-key-0123456789-abcdefghijklmnop';
const STATE_COOKIE = 'slack-app-oauth-state';

export const OAUTH_ENV = {
  SLACK_BOT_TOKEN: '',
  SLACK_CLIENT_ID: CLIENT_ID,
  SLACK_CLIENT_SECRET: CLIENT_SECRET,
  SLACK_STATE_SECRET: STATE_SECRET,
  DATELINE_SECRET_KEY: SECRET_KEY,
};

/** One workspace's install as the stand-in hands it out; with `expiresIn`, tokens rotate. */
export interface StandInTeam {
  team: string;
  botUser: string;
  /** Seconds each access token lives; undefined: tokens that never expire. */
  expiresIn?: number;
}

/** The code Slack hands the installer of `team` (not the team id itself, so that it can be searched for in logs). */
export const codeOf = (team: string) => `${Buffer.from(team).toString('hex')}.oauth0code`;

/** What the stand-in issued: every access token and refresh token, in order; the live pair last. */
export interface Issued {
  accessTokens: string[];
  refreshTokens: string[];
}

/**
 * Slack's oauth.v2.access answer to a bot install, less its tokens: a workspace's, or with
 * `enterprise` an org-wide (Enterprise Grid) install, which names no team.
 */
export function installAnswer(install: { botUser: string; team?: string; enterprise?: string }) {
  return {
    ok: true,
    app_id: 'A0000DATE',
    authed_user: { id: 'U000INSTL' },
    scope: 'commands,chat:write',
    token_type: 'bot',
    bot_user_id: install.botUser,
    team: install.team ? { id: install.team, name: install.team } : null,
    enterprise: install.enterprise ? { id: install.enterprise, name: 'Org' } : null,
    is_enterprise_install: install.enterprise !== undefined,
  };
}

/** oauth.v2.access on `fake`: codeOf(team) installs `team`; a refresh token it issued gives a new pair. */
export function standInOAuth(fake: FakeSlack, team: StandInTeam): Issued {
  const issued: Issued = { accessTokens: [], refreshTokens: [] };
  const pair = () => {
    const n = issued.accessTokens.length + 1;
    issued.accessTokens.push(`xoxe.xoxb-1-rotating-access-${n}-Hq7Wm2`);
    if (team.expiresIn !== undefined) issued.refreshTokens.push(`xoxe-1-rotating-refresh-${n}-Pz4Tn8`);
    return {
      access_token: issued.accessTokens.at(-1),
      ...(team.expiresIn === undefined ? {} : { refresh_token: issued.refreshTokens.at(-1), expires_in: team.expiresIn }),
    };
  };
  fake.on('oauth.v2.access', (body): FakeReply => {
    if (body.client_id !== CLIENT_ID || body.client_secret !== CLIENT_SECRET) return { body: { ok: false, error: 'invalid_client' } };
    if (body.grant_type === 'refresh_token') {
      if (body.refresh_token !== issued.refreshTokens.at(-1)) return { body: { ok: false, error: 'invalid_refresh_token' } };
      return { body: { ok: true, token_type: 'bot', scope: 'commands,chat:write', ...pair() } };
    }
    if (body.code !== codeOf(team.team)) return { body: { ok: false, error: 'invalid_code' } };
    return { body: { ...installAnswer({ botUser: team.botUser, team: team.team }), ...pair() } };
  });
  fake.on('auth.test', () => ({ body: { ok: true, bot_id: 'B0000DATE', url: 'https://example.slack.com/' } }));
  return issued;
}

/** The "Add to Slack" page, and the state Bolt set in the installer's browser. */
export async function startInstall(base: string, headers: Record<string, string> = {}): Promise<{ page: string; state: string }> {
  const response = await fetch(`${base}/slack/install`, { headers });
  expect(response.status).toBe(200);
  const state = new RegExp(`${STATE_COOKIE}=([^;]+)`).exec(response.headers.get('set-cookie') ?? '')?.[1];
  if (!state) throw new Error('no state cookie on the install page');
  return { page: await response.text(), state };
}

/** Slack sending the installer back: `query` as Slack writes it (code and state, or error), with the browser's state cookie. */
export function redirect(base: string, query: Record<string, string>, cookie?: string, headers: Record<string, string> = {}) {
  return fetch(`${base}/slack/oauth_redirect?${new URLSearchParams(query)}`, {
    headers: { ...(cookie ? { cookie: `${STATE_COOKIE}=${cookie}` } : {}), ...headers },
  });
}

/** A whole install of `team`, which must succeed. */
export async function install(base: string, team: string): Promise<void> {
  const { state } = await startInstall(base);
  const response = await redirect(base, { code: codeOf(team), state }, state);
  expect(response.status).toBe(200);
  expect(await response.text()).toContain('Dateline is installed');
}

/** 09:00 in Seoul (00:00 UTC) `days` days from now, a minute late. */
export function dueIn(days: number): Date {
  const now = new Date();
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + days, 0, 1));
}
