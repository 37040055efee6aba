// The composition root: hands the core's CLI every surface this build has.
import type { CliSurfaces } from '../src/cli/main.ts';
import { runConsole } from './console/console.ts';
import { renderText } from './console/render-text.ts';

export const surfaces: CliSurfaces = {
  formats: {
    text: (briefing) => renderText(briefing, (command) => `dateline ask "${command}"`),
  },
  console: runConsole,
};
