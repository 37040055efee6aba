// The Teams adapter: botbuilder's CloudAdapter on POST /api/messages of the one HTTP server,
// and a poster for scheduled digests. With no MicrosoftAppId it runs in local emulator mode
// without auth.
import { CloudAdapter, ConfigurationBotFrameworkAuthentication, type Activity, type TurnContext } from 'botbuilder';
import { type Adapter, type AdapterContext, type HttpRoute, apologyBriefing, sendJson } from '../../src/index.ts';
import { readTeamsConfig } from './config.ts';
import { BodyError, readActivityBody } from './activity-body.ts';
import { createTeamsPoster } from './poster.ts';
import { renderTeamsActivity } from './render.ts';
import { createTurnHandler } from './inbound.ts';

export const MESSAGES_PATH = '/api/messages';

type Authenticated = Awaited<ReturnType<ConfigurationBotFrameworkAuthentication['authenticateRequest']>>;

/** CloudAdapter, running a turn for a request we have already authenticated. */
class AuthenticatedAdapter extends CloudAdapter {
  run(authenticated: Authenticated, activity: Activity, logic: (context: TurnContext) => Promise<void>) {
    return this.processActivity(authenticated, activity, logic);
  }
}

/**
 * Without credentials anyone who can reach the port could name any serviceUrl and have the bot
 * POST there; emulator mode therefore answers only an Emulator on this machine.
 */
function isLoopback(serviceUrl: unknown): boolean {
  if (typeof serviceUrl !== 'string' || !URL.canParse(serviceUrl)) return false;
  return ['localhost', '127.0.0.1', '[::1]'].includes(new URL(serviceUrl).hostname);
}

export function createTeamsAdapter({ dateline, env, logger, conversations, clock }: AdapterContext): Adapter {
  const config = readTeamsConfig(env);
  const auth = new ConfigurationBotFrameworkAuthentication(config.auth);
  const adapter = new AuthenticatedAdapter(auth);
  adapter.onTurnError = async (context, error) => {
    logger.error({ err: error, activityType: context.activity.type }, 'teams: turn failed');
    if (context.activity.type !== 'message') return;
    await context.sendActivity(renderTeamsActivity(apologyBriefing())).catch((sendError: unknown) => logger.warn({ err: sendError }, 'teams: could not report the failure'));
  };
  const logic = createTurnHandler({ dateline, conversations, logger, now: clock });

  const route: HttpRoute = {
    method: 'POST',
    path: MESSAGES_PATH,
    handle: async (req, res) => {
      let activity: Activity;
      try {
        activity = (await readActivityBody(req)) as unknown as Activity;
      } catch (error) {
        if (error instanceof BodyError) return sendJson(res, error.status, { error: error.message });
        throw error;
      }
      if (!config.appId && !isLoopback(activity.serviceUrl)) {
        return sendJson(res, 403, { error: 'MicrosoftAppId is not set, so Dateline runs in local emulator mode and answers only a Bot Framework Emulator on this machine. Set MicrosoftAppId and MicrosoftAppPassword to accept Teams.' });
      }
      // Authenticated here rather than inside CloudAdapter.process, which answers 500 (and
      // prints a stack trace) for a forged or malformed token instead of 401.
      let authenticated: Authenticated;
      try {
        authenticated = await auth.authenticateRequest(activity, req.headers.authorization ?? '');
      } catch (error) {
        logger.info({ reason: error instanceof Error ? error.message : String(error) }, 'teams: refused an activity without a valid Bot Framework token');
        return sendJson(res, 401, { error: 'unauthorized' });
      }
      const invoke = await adapter.run(authenticated, activity, logic);
      if (invoke) sendJson(res, invoke.status, invoke.body ?? {});
      else res.writeHead(200).end();
    },
  };

  const mode = config.appId ? 'authenticated' : 'emulator';
  if (mode === 'emulator') {
    logger.info('Teams: MicrosoftAppId is not set, so /api/messages runs in local emulator mode without auth. Set MicrosoftAppId and MicrosoftAppPassword to connect to Teams.');
  }
  return {
    name: 'teams',
    routes: [route],
    poster: createTeamsPoster({ adapter, appId: config.appId ?? '', conversations, logger }),
    health: () => ({ mode, appType: config.appType, path: MESSAGES_PATH }),
  };
}
