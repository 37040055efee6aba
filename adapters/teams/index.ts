// The Teams adapter's public face: its factory for the running bot and its renderer for
// `dateline ask --format teams`. Every import of botbuilder stays inside adapters/teams.
import type { AdapterFactory } from '../../src/index.ts';

export { renderTeamsJson } from './render.ts';

/** Teams on POST /api/messages; botbuilder takes most of a second to load, so only a running bot pays for it. */
export function teamsAdapter(): AdapterFactory {
  return async (context) => (await import('./adapter.ts')).createTeamsAdapter(context);
}
