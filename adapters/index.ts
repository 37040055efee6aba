// The composition root: hands the core's CLI every surface this build has. Platform SDKs are
// loaded on demand, so that a one-off `dateline ask` does not pay for Bolt or botbuilder.
import type { CliSurfaces } from '../src/cli/main.ts';
import type { SurfaceFactory } from '../src/surface.ts';
import { runConsole } from './console/console.ts';
import { renderText } from './console/render-text.ts';
import { renderSlackJson } from './slack/block-kit.ts';
import { renderTeamsActivity, teamsSurface } from './teams/index.ts';

const slackSurface: SurfaceFactory = async (context) => (await import('./slack/slack-surface.ts')).createSlackSurface(context);

/** The chat platforms `dateline serve` runs, each enabled by its own configuration. */
export const surfaceFactories: SurfaceFactory[] = [slackSurface, teamsSurface()];

export const surfaces: CliSurfaces = {
  formats: {
    text: (briefing) => renderText(briefing, (command) => `dateline ask "${command}"`),
    slack: renderSlackJson,
    teams: (briefing) => JSON.stringify(renderTeamsActivity(briefing), null, 2),
  },
  console: runConsole,
  serve: async (config) => {
    const { serve } = await import('../src/server/serve.ts');
    await serve({ config, env: process.env, surfaces: surfaceFactories });
  },
  runDue: async (config, at) => {
    const { runDue } = await import('../src/scheduler/run-due.ts');
    await runDue({ config, env: process.env, surfaces: surfaceFactories, at });
  },
};
