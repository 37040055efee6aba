// The HTTP benchmark's baseline: a bare Bolt app (its own HTTPReceiver and server) whose
// slash command acks with a fixed string. Like Dateline, it knows its token up front, so no
// auth.test call precedes an ack. Run as a child process with PORT and SLACK_SIGNING_SECRET.
import { App, LogLevel } from '@slack/bolt';

const app = new App({
  signingSecret: process.env.SLACK_SIGNING_SECRET!,
  authorize: async () => ({ botToken: 'xoxb-bench' }),
  ignoreSelf: false,
  logLevel: LogLevel.ERROR,
});
app.command('/dateline', async ({ ack }) => ack('ok'));
await app.start(Number(process.env.PORT));
process.stdout.write('ready\n');
