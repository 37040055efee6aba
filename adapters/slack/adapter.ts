// The Slack adapter for `dateline serve`: a Bolt app on our one HTTP server (POST /slack/events,
// signed, bounded and checked for replays before Bolt sees it) or over Socket Mode, plus the
// poster the scheduler uses for digests.
import { App, HTTPReceiver, SocketModeReceiver, type webApi } from '@slack/bolt';
import type { Logger } from 'pino';
import { type Adapter, type AdapterContext, ConfigError, type HttpRoute } from '../../src/index.ts';
import { boltLevel, boltLogger } from './bolt-logger.ts';
import { classifySlackError } from './classify-error.ts';
import { readSlackConfig, SLACK_OFF_MESSAGE, type SlackConfig } from './config.ts';
import { registerListeners } from './inbound.ts';
import { createSlackPoster } from './poster.ts';
import { shareSigner } from './share.ts';
import { signedRequestGuard } from './signed-request.ts';
import { createWebClient, webClientOptions } from './web-client.ts';

export const SLACK_EVENTS_PATH = '/slack/events';

export interface SlackAdapterOptions {
  /** WebClient's retry policy; tests turn retries down. Defaults to SLACK_RETRY. */
  retryConfig?: webApi.RetryOptions;
  /** How long a Web API call or a response_url post may take; defaults to SLACK_TIMEOUT_MS, tests shorten it. */
  timeoutMs?: number;
}

/** The Slack adapter, or undefined when the environment does not configure Slack. */
export function createSlackAdapter(context: AdapterContext, options: SlackAdapterOptions = {}): Adapter | undefined {
  const config = readSlackConfig(context.env);
  if (!config) {
    context.logger.info(SLACK_OFF_MESSAGE);
    return undefined;
  }
  const client = createWebClient(config, context.logger, options.retryConfig, options.timeoutMs);
  const clientOptions = webClientOptions(config, context.logger, options.retryConfig, options.timeoutMs);
  const logger = boltLogger(context.logger);
  const common = {
    logger,
    logLevel: boltLevel(context.logger),
    clientOptions,
    // The token is known: no auth.test before acking, so every ack leaves at once.
    authorize: async () => ({ botToken: config.botToken }),
    // Dateline subscribes to no message events: Bolt's self-filter and conversation store idle.
    ignoreSelf: false,
    convoStore: false as const,
  };
  const poster = createSlackPoster(config, context.logger);
  const health = () => ({ mode: config.mode, command: config.command });
  const share = shareSigner(config.mode === 'http' ? config.signingSecret : config.appToken);
  const deps = { dateline: context.dateline, command: config.command, client, logger: context.logger, clock: context.clock, share, replays: context.replays };

  if (config.mode === 'http') {
    // processBeforeResponse off: ack() answers the HTTP request then and there, before any work.
    const receiver = new HTTPReceiver({ signingSecret: config.signingSecret, endpoints: SLACK_EVENTS_PATH, logger, processBeforeResponse: false });
    const drain = registerListeners(new App({ ...common, receiver }), deps);
    const guard = signedRequestGuard(config.signingSecret, context.replays, context.logger);
    const route: HttpRoute = {
      method: 'POST',
      path: SLACK_EVENTS_PATH,
      handle: async (req, res) => {
        const admitted = await guard.admit(req, res);
        if (admitted) await receiver.requestListener(admitted, res);
      },
    };
    return { name: 'slack', routes: [route], poster, health, stop: drain };
  }

  const receiver = new SocketModeReceiver({ appToken: config.appToken, logger, installerOptions: { clientOptions } });
  const app = new App({ ...common, receiver });
  const drain = registerListeners(app, deps);
  return {
    name: 'slack',
    routes: [],
    poster,
    health,
    start: () => connect(app, config, context.logger),
    stop: async () => {
      await app.stop();
      await drain();
    },
  };
}

/** Opens the Socket Mode connection; a refused app token stops start-up with what to fix. */
async function connect(app: App, config: SlackConfig, logger: Logger): Promise<void> {
  try {
    await app.start();
  } catch (error) {
    const failure = classifySlackError(error);
    if (failure.kind === 'install') {
      throw new ConfigError(`Slack refused SLACK_APP_TOKEN (${failure.reason}): generate an app-level token with connections:write under Basic Information → App-Level Tokens, and check that Socket Mode is on.`);
    }
    throw error;
  }
  logger.info({ command: config.command }, 'slack connected over socket mode');
}
