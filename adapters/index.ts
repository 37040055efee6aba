// The composition root: hands the core's CLI every surface this build has.
import type { CliSurfaces } from '../src/cli/main.ts';
import { serve } from '../src/server/serve.ts';
import type { SurfaceFactory } from '../src/surface.ts';
import { runConsole } from './console/console.ts';
import { renderText } from './console/render-text.ts';

/** The chat platforms `dateline serve` runs, each enabled by its own configuration. */
export const surfaceFactories: SurfaceFactory[] = [];

export const surfaces: CliSurfaces = {
  formats: {
    text: (briefing) => renderText(briefing, (command) => `dateline ask "${command}"`),
  },
  console: runConsole,
  serve: (config) => serve({ config, env: process.env, surfaces: surfaceFactories }),
};
