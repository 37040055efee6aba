// The one pino logger. Secrets never reach its output: a value is redacted by its key, both in
// logged objects (pino's redact paths) and in logged text, where libraries write request bodies,
// headers and URLs as JSON, form or query strings (Slack's WebClient at debug hides only keys
// containing "token": an OAuth exchange's client_secret and code went out as they were). Text
// shaped like a Slack token or a Socket Mode ticket is masked too, whatever its key.
import { pino, type Logger } from 'pino';

/** Keys whose values are secret wherever they appear (compared without case). */
const SECRET_KEYS = [
  'client_secret',
  'code',
  'refresh_token',
  'access_token',
  'token',
  'signing_secret',
  'password',
  'authorization',
  'botToken',
  'appToken',
  'signingSecret',
  'clientSecret',
  'stateSecret',
  'refreshToken',
  'MicrosoftAppPassword',
  'SLACK_BOT_TOKEN',
  'SLACK_SIGNING_SECRET',
  'SLACK_APP_TOKEN',
  'SLACK_CLIENT_SECRET',
  'SLACK_STATE_SECRET',
  'DATELINE_SECRET_KEY',
  'DATELINE_SECRET_KEY_PREVIOUS',
  'DATELINE_HEALTH_TOKEN',
];

/**
 * In objects, each key at the top and two levels down. `code` is left out here: on an object it
 * is nearly always an error's code (ECONNREFUSED), which says what went wrong; an OAuth code only
 * ever reaches a log inside text.
 */
const REDACT_PATHS = SECRET_KEYS.filter((key) => key !== 'code').flatMap((key) => [key, `*.${key}`, `*.*.${key}`]);

const KEYS = SECRET_KEYS.join('|');
const REDACTED = '[redacted]';
/** "key": "value" (JSON, escapes included), key=value (form and query strings), and an Authorization header's value. */
const BY_KEY = new RegExp(`("(?:${KEYS})"\\s*:\\s*)"(?:[^"\\\\]|\\\\.)*"|\\b((?:${KEYS})=)[^&\\s"']+|\\b(authorization: )[^\\n"]+`, 'gi');
/** Slack tokens and Socket Mode tickets, whatever key they come under. */
const BY_SHAPE = /\b(xox[a-z]-|xapp-)[\w-]+|(ticket=)[^&\s"']+/g;

/** Text with every secret value named by its key, and every Slack token, replaced by [redacted]. */
export function redactText(text: string): string {
  return text
    .replace(BY_KEY, (_match, json?: string, form?: string, header?: string) =>
      json ? `${json}"${REDACTED}"` : `${form ?? header}${REDACTED}`,
    )
    .replace(BY_SHAPE, (_match, prefix?: string, ticket?: string) => `${prefix ?? ticket}${REDACTED}`);
}

function redactedError(error: unknown): unknown {
  const serialized = pino.stdSerializers.err(error as Error) as unknown as Record<string, unknown>;
  if (typeof serialized !== 'object' || serialized === null) return serialized;
  for (const key of ['message', 'stack']) if (typeof serialized[key] === 'string') serialized[key] = redactText(serialized[key]);
  return serialized;
}

export function createLogger(level: string, destination?: NodeJS.WritableStream): Logger {
  const options: pino.LoggerOptions = {
    level,
    redact: { paths: REDACT_PATHS, censor: REDACTED },
    base: { service: 'dateline' },
    // "level":"warn" rather than 40: readable as it is, and what log collectors expect.
    formatters: { level: (label: string) => ({ level: label }) },
    // An error's message and stack are text too (a failed request's error may quote its body).
    serializers: { err: redactedError },
    hooks: {
      // The message, and any other string argument (format parameters), redacted before pino formats them.
      logMethod(args, method) {
        const redacted = args.map((arg) => (typeof arg === 'string' ? redactText(arg) : arg));
        return method.apply(this, redacted as Parameters<typeof method>);
      },
    },
  };
  return destination ? pino(options, destination as pino.DestinationStream) : pino(options);
}
