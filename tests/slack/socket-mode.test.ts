// Socket Mode end to end: the bot opens a connection with its app-level token (via
// apps.connections.open on SLACK_API_URL), acks a slash command envelope, and answers it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixture, waitFor } from './support/fake-slack.ts';
import { allText, BOT_TOKEN, startSlackBot, type SlackBot } from './support/slack-bot.ts';
import { startSocketServer, type SocketServer } from './support/socket-server.ts';

const APP_TOKEN = 'xapp-1-A123456-socket-test';
/** What Slack sends first on a new Socket Mode connection. */
const HELLO = {
  type: 'hello',
  num_connections: 1,
  debug_info: { host: 'applink-test', approximate_connection_time: 18060 },
  connection_info: { app_id: 'A123456' },
};

let socket: SocketServer;
let slack: SlackBot;

beforeAll(async () => {
  socket = await startSocketServer((server) => server.send(HELLO));
  slack = await startSlackBot(
    { SLACK_APP_TOKEN: APP_TOKEN },
    { logLevel: 'debug', prepare: (fake) => fake.on('apps.connections.open', () => ({ body: { ok: true, url: socket.url } })) },
  );
});
afterAll(async () => {
  await slack?.close();
  await socket?.close();
});

describe('Socket Mode', () => {
  it('connects with the app-level token, and mounts nothing on the HTTP server', async () => {
    const [open] = slack.fake.api('apps.connections.open');
    expect(open?.headers.authorization).toBe(`Bearer ${APP_TOKEN}`);
    expect(socket.connections).toBe(1);
    const response = await fetch(slack.eventsUrl, { method: 'POST', body: 'x' });
    expect(response.status).toBe(404);
  });

  it('acks a slash command envelope and answers on its response_url', async () => {
    const payload = {
      ...fixture<Record<string, string>>('slash-command.json'),
      text: 'search lunit',
      response_url: slack.fake.responseUrl('socket'),
    };
    socket.send({ envelope_id: 'envelope-1', payload, type: 'slash_commands', accepts_response_payload: true });
    await waitFor(() => socket.received.find((message) => message.envelope_id === 'envelope-1'), 'the ack of envelope-1');
    const reply = await slack.reply('socket');
    const expected = await slack.bot.dateline.ask('search lunit', { now: new Date() });
    expect(reply.response_type).toBe('ephemeral');
    expect(allText(reply)).toContain(expected.title);
  });

  it('keeps the app token, the bot token and the connection ticket out of even debug logs', () => {
    const logs = slack.logs().join('\n');
    expect(logs).toContain('"level":"debug"');
    for (const secret of [APP_TOKEN, BOT_TOKEN, 'socket-test-ticket']) expect(logs).not.toContain(secret);
  });
});

describe('Socket Mode with a refused app token', () => {
  it('stops start-up with what to fix', async () => {
    const started = startSlackBot(
      { SLACK_APP_TOKEN: APP_TOKEN },
      { prepare: (fake) => fake.on('apps.connections.open', () => ({ body: { ok: false, error: 'invalid_auth' } })) },
    );
    await expect(started).rejects.toThrow(/Slack refused SLACK_APP_TOKEN \(invalid_auth\).*App-Level Tokens/);
  });
});
