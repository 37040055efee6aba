// Slack's configuration from the environment: off, HTTP mode (bot token + signing secret) or
// Socket Mode (bot token + app-level token). Half a configuration is an error that says what to set.
import { ConfigError } from '../../src/index.ts';
import { DEFAULT_COMMAND } from './render.ts';

interface SlackCommon {
  botToken: string;
  /** The slash command, e.g. /dateline. */
  command: string;
  /** Web API base URL, ending in a slash; undefined means Slack's own. */
  apiUrl?: string;
}

export type SlackConfig = SlackCommon & ({ mode: 'http'; signingSecret: string } | { mode: 'socket'; appToken: string });

export const SLACK_OFF_MESSAGE =
  'Slack is off: set SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET (HTTP on POST /slack/events), or SLACK_BOT_TOKEN and SLACK_APP_TOKEN (Socket Mode, no public URL), to turn it on.';

const BOT_TOKEN_HINT = 'copy the Bot User OAuth Token (xoxb-…) from OAuth & Permissions in your Slack app settings.';
/** Slack's rule for slash command names. */
const COMMAND_PATTERN = /^\/[a-z0-9_-]{1,31}$/;

const read = (env: NodeJS.ProcessEnv, name: string): string | undefined => env[name]?.trim() || undefined;

/** Reads the Slack variables; undefined when none is set. Throws ConfigError on half a configuration. */
export function readSlackConfig(env: NodeJS.ProcessEnv): SlackConfig | undefined {
  const botToken = read(env, 'SLACK_BOT_TOKEN');
  const signingSecret = read(env, 'SLACK_SIGNING_SECRET');
  const appToken = read(env, 'SLACK_APP_TOKEN');
  if (!botToken && !signingSecret && !appToken) return undefined;
  const common = { command: readCommand(env), ...readApiUrl(env) };
  if (appToken) {
    if (!botToken) throw new ConfigError(`SLACK_BOT_TOKEN is not set: Socket Mode (SLACK_APP_TOKEN) needs it too; ${BOT_TOKEN_HINT}`);
    if (!appToken.startsWith('xapp-')) {
      throw new ConfigError('SLACK_APP_TOKEN is not an app-level token (xapp-…): generate one with the connections:write scope under Basic Information → App-Level Tokens in your Slack app settings.');
    }
    return { mode: 'socket', botToken, appToken, ...common };
  }
  if (!botToken) throw new ConfigError(`SLACK_BOT_TOKEN is not set: ${BOT_TOKEN_HINT}`);
  if (!signingSecret) {
    throw new ConfigError('SLACK_SIGNING_SECRET is not set: copy it from Basic Information in your Slack app settings (or set SLACK_APP_TOKEN to use Socket Mode).');
  }
  return { mode: 'http', botToken, signingSecret, ...common };
}

function readCommand(env: NodeJS.ProcessEnv): string {
  const command = read(env, 'SLACK_COMMAND') ?? DEFAULT_COMMAND;
  if (!COMMAND_PATTERN.test(command)) {
    throw new ConfigError(`SLACK_COMMAND=${command} is not a slash command: use a lowercase name starting with "/", such as ${DEFAULT_COMMAND}, as in your Slack app's Slash Commands.`);
  }
  return command;
}

function readApiUrl(env: NodeJS.ProcessEnv): { apiUrl?: string } {
  const raw = read(env, 'SLACK_API_URL');
  if (!raw) return {};
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(`SLACK_API_URL=${raw} is not a URL: unset it, or give one such as https://slack.com/api/.`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new ConfigError(`SLACK_API_URL=${raw} is not an http(s) URL: unset it, or give one such as https://slack.com/api/.`);
  return { apiUrl: url.href.endsWith('/') ? url.href : `${url.href}/` };
}
