// The Slack adapter for `dateline serve`: a Bolt app on our one HTTP server (POST /slack/events,
// signed, bounded and checked for replays before Bolt sees it) or over Socket Mode, with one bot
// token or with OAuth installs (GET /slack/install and /slack/oauth_redirect on the same server,
// in either mode), plus the poster the scheduler uses for digests.
import { App, HTTPReceiver, SocketModeReceiver, type webApi } from '@slack/bolt';
import type { Logger } from 'pino';
import { type Adapter, type AdapterContext, ConfigError, type HttpRoute } from '../../src/index.ts';
import { boltLevel, boltLogger } from './bolt-logger.ts';
import { classifySlackError } from './classify-error.ts';
import { readSlackConfig, SLACK_OFF_MESSAGE, type SlackConfig } from './config.ts';
import { answerQueue } from './answers.ts';
import { registerConversations } from './conversation.ts';
import { EventListeners, registerLifecycleListeners, registerListeners } from './inbound.ts';
import { type BotTokens, INSTALL_PATH, installedTokens, type SlackOAuth, singleToken, slackOAuth } from './installations.ts';
import { createSlackPoster } from './poster.ts';
import { responseUrlPoster } from './response-url.ts';
import { commandSigner } from './signed-command.ts';
import { signedRequestGuard } from './signed-request.ts';
import { SLACK_TIMEOUT_MS, webClientOptions } from './web-client.ts';

export const SLACK_EVENTS_PATH = '/slack/events';

export interface SlackAdapterOptions {
  /** WebClient's retry policy; tests turn retries down. Defaults to SLACK_RETRY. */
  retryConfig?: webApi.RetryOptions;
  /** How long a Web API call or a response_url post may take; defaults to SLACK_TIMEOUT_MS, tests shorten it. */
  timeoutMs?: number;
  /** Most answers owed before commands are turned away; defaults to MAX_OWED (see answers.ts), tests lower it. */
  maxAnswersOwed?: number;
}

/** The Slack adapter, or undefined when the environment does not configure Slack. */
export function createSlackAdapter(context: AdapterContext, options: SlackAdapterOptions = {}): Adapter | undefined {
  const config = readSlackConfig(context.env);
  if (!config) {
    context.logger.info(SLACK_OFF_MESSAGE);
    return undefined;
  }
  const clientOptions = webClientOptions(config, context.logger, options.retryConfig, options.timeoutMs);
  const logger = boltLogger(context.logger);
  let oauth: SlackOAuth | undefined;
  let tokens: BotTokens;
  if (config.oauth) {
    context.installations.requireSecretKey('Slack OAuth (SLACK_CLIENT_ID)');
    oauth = slackOAuth(config.oauth, context.installations, context.replays, clientOptions, context.logger, context.clock);
    tokens = installedTokens(context.installations, oauth.installer.authorize, context.logger, context.clock);
  } else {
    tokens = singleToken(config.botToken);
  }
  const common = {
    logger,
    logLevel: boltLevel(context.logger),
    clientOptions,
    // Each workspace's token from its installation; or the one token, known: no auth.test before acking, so every ack leaves at once.
    authorize: oauth ? oauth.installer.authorize : async () => ({ botToken: config.botToken }),
    // Off: conversation.ts skips every message with a bot id (Dateline's own among them) itself,
    // and keeps no conversation state in Bolt.
    ignoreSelf: false,
    convoStore: false as const,
  };
  const signer = commandSigner(config.mode === 'http' ? config.signingSecret : config.appToken);
  const poster = createSlackPoster(config, tokens, signer, context.logger);
  const responseUrl = responseUrlPoster(options.timeoutMs ?? SLACK_TIMEOUT_MS);
  const deps = {
    dateline: context.dateline,
    command: config.command,
    logger: context.logger,
    clock: context.clock,
    signer,
    replays: context.replays,
    responseUrl,
  };
  const answers = answerQueue(
    (error) => context.logger.error({ err: error }, 'slack: an answer failed'),
    options.maxAnswersOwed === undefined ? {} : { maxOwed: options.maxAnswersOwed },
  );
  const health = () => ({
    mode: config.mode,
    command: config.command,
    auth: oauth ? 'oauth' : 'bot token',
    ...(oauth ? { install_path: INSTALL_PATH } : {}),
    answers_owed: answers.owed(),
  });
  // The returned function waits for the answers already acked, then closes the response_url sockets.
  const listen = (app: App) => {
    const events = new EventListeners();
    if (oauth) registerLifecycleListeners(events, context.installations, deps);
    registerListeners(app, events, deps, answers);
    registerConversations(app, events, deps, answers);
    events.register(app);
    return async () => {
      await answers.drain();
      responseUrl.close();
    };
  };
  const oauthRoutes = oauth?.routes ?? [];

  if (config.mode === 'http') {
    // processBeforeResponse off: ack() answers the HTTP request then and there, before any work.
    // signatureVerification off: the receiver only ever gets what the guard admitted, signature
    // checked; a second check cost every request another 30–50 µs.
    const receiver = new HTTPReceiver({
      signingSecret: config.signingSecret,
      endpoints: SLACK_EVENTS_PATH,
      logger,
      processBeforeResponse: false,
      signatureVerification: false,
    });
    const drain = listen(new App({ ...common, receiver }));
    const guard = signedRequestGuard(config.signingSecret, context.replays, context.logger, oauth !== undefined);
    const route: HttpRoute = {
      method: 'POST',
      path: SLACK_EVENTS_PATH,
      handle: async (req, res) => {
        answers.acking(res);
        const admitted = await guard.admit(req, res);
        if (admitted) await receiver.requestListener(admitted, res);
      },
    };
    return { name: 'slack', routes: [route, ...oauthRoutes], poster, health, stop: drain };
  }

  const receiver = new SocketModeReceiver({ appToken: config.appToken, logger, installerOptions: { clientOptions } });
  const app = new App({ ...common, receiver });
  const drain = listen(app);
  return {
    name: 'slack',
    routes: oauthRoutes,
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
      throw new ConfigError(
        `Slack refused SLACK_APP_TOKEN (${failure.reason}): generate an app-level token with connections:write under Basic Information → App-Level Tokens, and check that Socket Mode is on.`,
      );
    }
    throw error;
  }
  logger.info({ command: config.command }, 'slack connected over socket mode');
}
