// End to end with credentials: with MicrosoftAppId set, /api/messages accepts only activities
// carrying a valid Bot Framework token; and half a configuration stops the bot at start-up.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/config.ts';
import {
  CHANNEL_ID,
  captureLogs,
  FakeConnector,
  guardNetwork,
  mentionMessage,
  startTeamsBot,
  teamsChannel,
  type TeamsBot,
} from './support.ts';

const APP_ID = '5e9f3a1c-7b2d-4c8e-a6f0-3d1e2b4c5a69';
const PASSWORD = 'Zq8~not-a-real-secret.4f2b9c';

let connector: FakeConnector;
let teams: TeamsBot;
let logs: ReturnType<typeof captureLogs>;
let restoreNetwork: () => void;

beforeAll(async () => {
  restoreNetwork = guardNetwork();
  connector = new FakeConnector();
  await connector.start();
  logs = captureLogs();
  teams = await startTeamsBot({ MicrosoftAppId: APP_ID, MicrosoftAppPassword: PASSWORD, MicrosoftAppType: 'MultiTenant' }, logs.logger);
});

afterAll(async () => {
  await teams?.close();
  await connector?.stop();
  restoreNetwork?.();
});

beforeEach(() => connector.clear());

describe('with MicrosoftAppId set', () => {
  it('answers 401 to an activity without a token, and neither replies nor stores anything', async () => {
    const response = await teams.send(mentionMessage(connector.url, 'today'));
    expect(response.status).toBe(401);
    expect(connector.requests).toEqual([]);
    expect(await teams.bot.store.getConversation(teamsChannel(CHANNEL_ID))).toBeUndefined();
  });

  it('says in /healthz that Teams is authenticated, and never logs the password', async () => {
    const health = (await (await fetch(`http://127.0.0.1:${teams.bot.port}/healthz`)).json()) as { adapters: Record<string, unknown> };
    expect(health.adapters.teams).toEqual({ mode: 'authenticated', appType: 'MultiTenant', path: '/api/messages' });
    expect(logs.text()).toContain('dateline is serving');
    expect(logs.text()).not.toContain(PASSWORD);
  });
});

describe('half a configuration', () => {
  it('stops start-up with a ConfigError that says what is missing and where to find it', async () => {
    const start = startTeamsBot({ MicrosoftAppId: APP_ID });
    await expect(start).rejects.toBeInstanceOf(ConfigError);
    await expect(start).rejects.toThrow(/MicrosoftAppPassword is not set.*Certificates & secrets/);
  });
});
