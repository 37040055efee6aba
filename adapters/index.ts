// The composition root: every adapter this build has, handed to the core's command line as
// data, and the one place where one adapter's renderer may serve another (adapters never import
// each other). Platform SDKs load only when a running bot builds their adapter, so that a
// one-off `dateline ask` does not pay for Bolt or botbuilder.
import type { CliAdapters } from '../src/index.ts';
import { renderText, runConsole } from './console/index.ts';
import { renderBlockKit, renderSlackJson, slackAdapter } from './slack/index.ts';
import { renderTeamsActivity, renderTeamsJson, teamsAdapter } from './teams/index.ts';
import { webhookAdapter } from './webhook/index.ts';

export const adapters: CliAdapters = {
  formats: {
    text: (briefing) => renderText(briefing, (command) => `dateline ask "${command}"`),
    slack: renderSlackJson,
    teams: renderTeamsJson,
  },
  console: runConsole,
  factories: [
    slackAdapter(),
    teamsAdapter(),
    // Webhooks speak Slack's and Teams' formats too: the composition root hands their renderers over.
    webhookAdapter({
      blockKit: (briefing) => renderBlockKit(briefing),
      adaptiveCard: (briefing) => renderTeamsActivity(briefing).attachments[0].content,
    }),
  ],
};
