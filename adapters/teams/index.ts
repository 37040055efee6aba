// The Teams adapter's public face: the surface factory for `dateline serve` and the renderer for
// `dateline ask --format teams`. Every import of botbuilder stays inside adapters/teams.
import type { SurfaceFactory } from '../../src/surface.ts';
import type { TeamsSurfaceOptions } from './surface.ts';

export { renderTeamsActivity } from './render-card.ts';

/** Teams with a MicrosoftAppId; without one, off or (TEAMS_EMULATOR, or no credentials at all) the local emulator mode. */
export function teamsSurface(options: TeamsSurfaceOptions = {}): SurfaceFactory {
  // botbuilder takes most of a second to load: only `dateline serve` pays for it, not `dateline ask`.
  return async (context) => (await import('./surface.ts')).createTeamsSurface(context, options);
}
