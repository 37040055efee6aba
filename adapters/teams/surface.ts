// The Teams surface: botbuilder's CloudAdapter on POST /api/messages of the one HTTP server,
// and a poster for scheduled digests. With no MicrosoftAppId it runs in local emulator mode
// without auth.
import { CloudAdapter, ConfigurationBotFrameworkAuthentication } from 'botbuilder';
import { errorBriefing } from '../../src/briefing/model.ts';
import { sendJson } from '../../src/server/http-server.ts';
import type { HttpRoute, Surface, SurfaceContext } from '../../src/surface.ts';
import { readTeamsConfig } from './config.ts';
import { BodyError, botRequest, botResponse, readActivityBody } from './http-bridge.ts';
import { createTeamsPoster } from './poster.ts';
import { renderTeamsActivity } from './render-card.ts';
import { createTurnHandler } from './turn.ts';

export const MESSAGES_PATH = '/api/messages';

/**
 * Without credentials anyone who can reach the port could name any serviceUrl and have the bot
 * POST there; emulator mode therefore answers only an Emulator on this machine.
 */
function isLoopback(serviceUrl: unknown): boolean {
  if (typeof serviceUrl !== 'string' || !URL.canParse(serviceUrl)) return false;
  return ['localhost', '127.0.0.1', '[::1]'].includes(new URL(serviceUrl).hostname);
}

export interface TeamsSurfaceOptions {
  /** The clock for "today"; tests pin it. */
  now?: () => Date;
}

export function createTeamsSurface({ dateline, env, logger, conversations }: SurfaceContext, options: TeamsSurfaceOptions = {}): Surface {
  const config = readTeamsConfig(env);
  const now = options.now ?? (() => new Date());
  const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication(config.auth));
  adapter.onTurnError = async (context, error) => {
    logger.error({ err: error, activityType: context.activity.type }, 'teams: turn failed');
    if (context.activity.type !== 'message') return;
    const sorry = errorBriefing('Something went wrong while answering that. Please try again in a moment.', ['help']);
    await context.sendActivity(renderTeamsActivity(sorry)).catch((sendError: unknown) => logger.warn({ err: sendError }, 'teams: could not report the failure'));
  };
  const logic = createTurnHandler({ dateline, conversations, logger, now });

  const route: HttpRoute = {
    method: 'POST',
    path: MESSAGES_PATH,
    handle: async (req, res) => {
      let body: Record<string, unknown>;
      try {
        body = await readActivityBody(req);
      } catch (error) {
        if (error instanceof BodyError) return sendJson(res, error.status, { error: error.message });
        throw error;
      }
      if (!config.appId && !isLoopback(body.serviceUrl)) {
        return sendJson(res, 403, { error: 'MicrosoftAppId is not set, so Dateline runs in local emulator mode and answers only a Bot Framework Emulator on this machine. Set MicrosoftAppId and MicrosoftAppPassword to accept Teams.' });
      }
      await adapter.process(botRequest(req, body), botResponse(res), logic);
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
