// Slack's configuration from the environment: off, HTTP mode (signing secret) or Socket Mode
// (app-level token), each with one bot token (one workspace) or OAuth (installs in many
// workspaces). Half a configuration is an error that says what to set.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { ConfigError } from '../../src/index.ts';
import { DEFAULT_COMMAND } from './render.ts';

/** Slack's OAuth, for installs from /slack/install (docs/slack.md: "Distribute to several workspaces"). */
export interface SlackOAuthConfig {
  clientId: string;
  clientSecret: string;
  /** Signs the OAuth state parameter. */
  stateSecret: string;
  /** Bot scopes asked for at install. */
  scopes: string[];
}

interface SlackCommon {
  /** The slash command, e.g. /dateline. */
  command: string;
  /** Web API base URL, ending in a slash; undefined means Slack's own. */
  apiUrl?: string;
}

/** One workspace's bot token, or OAuth: each workspace's own token from its installation. */
type SlackAuth = { botToken: string; oauth?: undefined } | { botToken?: undefined; oauth: SlackOAuthConfig };

export type SlackConfig = SlackCommon & SlackAuth & ({ mode: 'http'; signingSecret: string } | { mode: 'socket'; appToken: string });

const MANIFEST = join('adapters', 'slack', 'manifest.yaml');

/**
 * The bot scopes manifest.yaml grants (the one list of them): what an install from /slack/install
 * asks for unless SLACK_SCOPES says otherwise. The file is looked for from this module's folder
 * upwards, which finds it both from the sources and from the bundle in dist/.
 */
export function manifestScopes(from = dirname(fileURLToPath(import.meta.url))): string[] {
  for (let dir = from; ; dir = dirname(dir)) {
    const path = join(dir, MANIFEST);
    if (existsSync(path)) {
      const manifest = parse(readFileSync(path, 'utf8')) as { oauth_config?: { scopes?: { bot?: unknown } } };
      const scopes = manifest.oauth_config?.scopes?.bot;
      if (!Array.isArray(scopes) || scopes.length === 0) throw new Error(`${path} lists no oauth_config.scopes.bot`);
      return scopes.map(String);
    }
    if (dirname(dir) === dir) throw new Error(`${MANIFEST} was not found above ${from}`);
  }
}

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
  const oauth = readOAuth(env);
  if (!botToken && !signingSecret && !appToken && !oauth) return undefined;
  if (oauth && botToken) {
    throw new ConfigError(
      'SLACK_BOT_TOKEN and SLACK_CLIENT_ID are both set: unset SLACK_BOT_TOKEN to install in many workspaces over OAuth, or the SLACK_CLIENT_* variables to run in one workspace.',
    );
  }
  const auth = oauth ? { oauth } : botToken ? { botToken } : undefined;
  const common = { command: readCommand(env), ...readApiUrl(env) };
  if (appToken) {
    if (!auth)
      throw new ConfigError(
        `SLACK_BOT_TOKEN is not set: Socket Mode (SLACK_APP_TOKEN) needs it too (or SLACK_CLIENT_ID, SLACK_CLIENT_SECRET and SLACK_STATE_SECRET for OAuth); ${BOT_TOKEN_HINT}`,
      );
    if (!appToken.startsWith('xapp-')) {
      throw new ConfigError(
        'SLACK_APP_TOKEN is not an app-level token (xapp-…): generate one with the connections:write scope under Basic Information → App-Level Tokens in your Slack app settings.',
      );
    }
    return { mode: 'socket', appToken, ...auth, ...common };
  }
  if (!auth) throw new ConfigError(`SLACK_BOT_TOKEN is not set: ${BOT_TOKEN_HINT}`);
  if (!signingSecret) {
    throw new ConfigError(
      'SLACK_SIGNING_SECRET is not set: copy it from Basic Information in your Slack app settings (or set SLACK_APP_TOKEN to use Socket Mode).',
    );
  }
  return { mode: 'http', signingSecret, ...auth, ...common };
}

/** SLACK_CLIENT_ID, SLACK_CLIENT_SECRET and SLACK_STATE_SECRET together, or none of them. */
function readOAuth(env: NodeJS.ProcessEnv): SlackOAuthConfig | undefined {
  const names = ['SLACK_CLIENT_ID', 'SLACK_CLIENT_SECRET', 'SLACK_STATE_SECRET'] as const;
  const [clientId, clientSecret, stateSecret] = names.map((name) => read(env, name));
  if (!clientId && !clientSecret && !stateSecret) return undefined;
  if (!clientId || !clientSecret || !stateSecret) {
    const missing = names.filter((name) => !read(env, name)).join(' and ');
    throw new ConfigError(
      `${missing} not set: OAuth needs SLACK_CLIENT_ID and SLACK_CLIENT_SECRET (Basic Information → App Credentials in your Slack app settings) and SLACK_STATE_SECRET (any random value, e.g. \`openssl rand -hex 32\`).`,
    );
  }
  const scopes =
    read(env, 'SLACK_SCOPES')
      ?.split(/[\s,]+/)
      .filter(Boolean) ?? manifestScopes();
  return { clientId, clientSecret, stateSecret, scopes };
}

function readCommand(env: NodeJS.ProcessEnv): string {
  const command = read(env, 'SLACK_COMMAND') ?? DEFAULT_COMMAND;
  if (!COMMAND_PATTERN.test(command)) {
    throw new ConfigError(
      `SLACK_COMMAND=${command} is not a slash command: use a lowercase name starting with "/", such as ${DEFAULT_COMMAND}, as in your Slack app's Slash Commands.`,
    );
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
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw new ConfigError(`SLACK_API_URL=${raw} is not an http(s) URL: unset it, or give one such as https://slack.com/api/.`);
  return { apiUrl: url.href.endsWith('/') ? url.href : `${url.href}/` };
}
