// The Teams adapter: botbuilder's CloudAdapter on POST /api/messages of the one HTTP server,
// and a poster for scheduled digests. With no MicrosoftAppId it runs, when asked for, in local
// emulator mode without auth for callers and service URLs on this machine only.
import { CloudAdapter, ConfigurationBotFrameworkAuthentication, type Activity, type TurnContext } from 'botbuilder';
import { type AdapterContext, type ChannelPoster, type HttpRoute, apologyBriefing, fromLoopback, sendJson } from '../../src/index.ts';
import { MESSAGES_PATH, type TeamsConfig } from './config.ts';
import { BodyError, readActivityBody } from './activity-body.ts';
import { bearerProblem } from './bearer.ts';
import { createTeamsPoster } from './poster.ts';
import { renderTeamsActivity } from './render.ts';
import { createTurnHandler } from './inbound.ts';

type Authenticated = Awaited<ReturnType<ConfigurationBotFrameworkAuthentication['authenticateRequest']>>;
type ConnectorClientOptions = NonNullable<ConstructorParameters<typeof ConfigurationBotFrameworkAuthentication>[4]>;

/**
 * A Bot Connector call (a reply, a proactive post) that takes longer than this is abandoned: the
 * connector has no timeout of its own, and one reply stuck on an endpoint that never answered held
 * a stopping process for 330 s. A timed-out digest post is retried (its outcome is unknown).
 */
export const CONNECTOR_TIMEOUT_MS = 10_000;

/**
 * Every request of the connector's pipeline gets the timeout. (The array form: botbuilder adds the
 * function form's policies twice, which its pipeline refuses.)
 */
export const connectorOptions = (timeoutMs: number): ConnectorClientOptions => ({
  requestPolicyFactories: [
    {
      create: (next) => ({
        sendRequest: (request) => {
          request.timeout = timeoutMs;
          return next.sendRequest(request);
        },
      }),
    },
  ],
});

/** CloudAdapter, running a turn for a request we have already authenticated. */
class AuthenticatedAdapter extends CloudAdapter {
  run(authenticated: Authenticated, activity: Activity, logic: (context: TurnContext) => Promise<void>) {
    return this.processActivity(authenticated, activity, logic);
  }
}

/**
 * Without credentials anyone who can reach the port could name any serviceUrl and have the bot
 * POST there; emulator mode therefore answers only an Emulator on this machine, and posts only
 * to a serviceUrl whose host, as WHATWG URL parses it (2130706433 and 0x7f.1 are 127.0.0.1), is loopback.
 */
export function isLoopbackUrl(serviceUrl: string): boolean {
  if (!URL.canParse(serviceUrl)) return false;
  const { protocol, hostname } = new URL(serviceUrl);
  if (protocol !== 'http:' && protocol !== 'https:') return false;
  return hostname === 'localhost' || hostname === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(hostname);
}

const EMULATOR_ONLY =
  'Dateline runs Teams in local emulator mode (no MicrosoftAppId), which answers only a Bot Framework Emulator on this machine. Set MicrosoftAppId and MicrosoftAppPassword to accept Teams.';

/** The adapter of a Teams configuration that is not off. */
export function createTeamsAdapter(
  { dateline, logger, installations, clock }: AdapterContext,
  config: TeamsConfig,
): { route: HttpRoute; poster: ChannelPoster } {
  const emulator = config.mode === 'emulator';
  const auth = new ConfigurationBotFrameworkAuthentication(
    config.auth,
    undefined,
    undefined,
    undefined,
    connectorOptions(CONNECTOR_TIMEOUT_MS),
  );
  const adapter = new AuthenticatedAdapter(auth);
  adapter.onTurnError = async (context, error) => {
    logger.error({ err: error, activityType: context.activity.type }, 'teams: turn failed');
    if (context.activity.type !== 'message') return;
    await context
      .sendActivity(renderTeamsActivity(apologyBriefing()))
      .catch((sendError: unknown) => logger.warn({ err: sendError }, 'teams: could not report the failure'));
  };
  const logic = createTurnHandler({ dateline, installations, logger, now: clock });

  const route: HttpRoute = {
    method: 'POST',
    path: MESSAGES_PATH,
    handle: async (req, res) => {
      if (emulator && !fromLoopback(req)) {
        logger.warn({ remote: req.socket.remoteAddress }, 'teams: emulator mode refused a caller from another machine');
        return sendJson(res, 403, { error: EMULATOR_ONLY });
      }
      const problem = emulator ? undefined : bearerProblem(req.headers.authorization, Date.now() / 1000);
      if (problem) {
        logger.info({ reason: problem }, 'teams: refused an activity without a valid Bot Framework token');
        return sendJson(res, 401, { error: 'unauthorized' }, { connection: 'close' });
      }
      let activity: Activity;
      try {
        activity = await readActivityBody(req);
      } catch (error) {
        if (!(error instanceof BodyError)) throw error;
        logger.warn({ status: error.status, reason: error.message }, 'teams: refused a malformed activity');
        return sendJson(res, error.status, { error: error.message });
      }
      if (emulator && !isLoopbackUrl(activity.serviceUrl)) {
        logger.warn('teams: emulator mode refused a serviceUrl off this machine');
        return sendJson(res, 403, { error: EMULATOR_ONLY });
      }
      // Authenticated here rather than inside CloudAdapter.process, which answers 500 (and
      // prints a stack trace) for a forged or malformed token instead of 401.
      let authenticated: Authenticated;
      try {
        authenticated = await auth.authenticateRequest(activity, req.headers.authorization ?? '');
      } catch (error) {
        logger.info(
          { reason: error instanceof Error ? error.message : String(error) },
          'teams: refused an activity without a valid Bot Framework token',
        );
        return sendJson(res, 401, { error: 'unauthorized' });
      }
      const invoke = await adapter.run(authenticated, activity, logic);
      if (invoke) sendJson(res, invoke.status, invoke.body ?? {});
      else res.writeHead(200).end();
    },
  };

  return {
    route,
    poster: createTeamsPoster({
      adapter,
      appId: config.appId ?? '',
      installations,
      logger,
      ...(emulator ? { allowServiceUrl: isLoopbackUrl } : {}),
    }),
  };
}
