// The Teams adapter's public face: its factory for the running bot and its renderer for
// `dateline ask --format teams`. Every import of botbuilder stays inside adapters/teams, and
// happens only when Teams is used: botbuilder takes most of a second to load, which neither
// `dateline ask` nor the start of a bot should wait for.
import type { Adapter, AdapterFactory } from '../../src/index.ts';
import type { createTeamsAdapter } from './adapter.ts';
import { MESSAGES_PATH, readTeamsConfig, TEAMS_OFF_MESSAGE } from './config.ts';

export { renderTeamsActivity, renderTeamsJson } from './render.ts';

/**
 * Teams with a MicrosoftAppId; without one, off or (TEAMS_EMULATOR, or no credentials at all) the
 * local emulator mode. The adapter loads botbuilder on its first activity or post.
 */
export function teamsAdapter(): AdapterFactory {
  return (context) => {
    const config = readTeamsConfig(context.env);
    if (config.mode === 'off') {
      context.logger.info(TEAMS_OFF_MESSAGE);
      return undefined;
    }
    if (config.mode === 'emulator') {
      context.logger.info(
        'Teams: MicrosoftAppId is not set, so /api/messages runs in local emulator mode without auth, for callers on this machine only. Set MicrosoftAppId and MicrosoftAppPassword to connect to Teams.',
      );
    }
    let loading: Promise<ReturnType<typeof createTeamsAdapter>> | undefined;
    const loaded = () => (loading ??= import('./adapter.ts').then((module) => module.createTeamsAdapter(context, config)));
    const adapter: Adapter = {
      name: 'teams',
      routes: [{ method: 'POST', path: MESSAGES_PATH, handle: async (req, res) => (await loaded()).route.handle(req, res) }],
      poster: { platform: 'teams', post: async (channel, briefing, delivery) => (await loaded()).poster.post(channel, briefing, delivery) },
      health: () => ({ mode: config.mode, appType: config.appType, path: MESSAGES_PATH }),
    };
    return adapter;
  };
}
