// The composition root: every adapter this build has, handed to the core's command line as
// data. Platform SDKs load only when a running bot builds their adapter, so that a one-off
// `dateline ask` does not pay for Bolt or botbuilder.
import type { CliAdapters } from '../src/index.ts';
import { renderText, runConsole } from './console/index.ts';
import { renderSlackJson, slackAdapter } from './slack/index.ts';
import { renderTeamsJson, teamsAdapter } from './teams/index.ts';

export const adapters: CliAdapters = {
  formats: {
    text: (briefing) => renderText(briefing, (command) => `dateline ask "${command}"`),
    slack: renderSlackJson,
    teams: renderTeamsJson,
  },
  console: runConsole,
  factories: [slackAdapter(), teamsAdapter()],
};
