// The Teams adapter's public face: its factory for the running bot and its renderer for
// `dateline ask --format teams`. Every import of botbuilder stays inside adapters/teams.
import type { AdapterFactory } from '../../src/index.ts';

export { renderTeamsJson } from './render.ts';

/** Teams with a MicrosoftAppId; without one, off or (TEAMS_EMULATOR, or no credentials at all) the local emulator mode. */
export function teamsAdapter(): AdapterFactory {
  // botbuilder takes most of a second to load: only a running bot pays for it, not `dateline ask`.
  return async (context) => (await import('./adapter.ts')).createTeamsAdapter(context);
}
