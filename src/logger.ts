// The one pino logger. Secrets never reach it: known secret fields are redacted, and the
// code logs names of variables, never their values.
import { pino, type Logger } from 'pino';

const REDACT = [
  '*.token',
  '*.botToken',
  '*.appToken',
  '*.signingSecret',
  '*.password',
  '*.authorization',
  'headers.authorization',
  '*.headers.authorization',
  'req.headers.authorization',
  '*.MicrosoftAppPassword',
  '*.SLACK_BOT_TOKEN',
  '*.SLACK_SIGNING_SECRET',
  '*.SLACK_APP_TOKEN',
];

export function createLogger(level: string, destination?: NodeJS.WritableStream): Logger {
  const options = { level, redact: { paths: REDACT, censor: '[redacted]' }, base: { service: 'dateline' } };
  return destination ? pino(options, destination as pino.DestinationStream) : pino(options);
}
