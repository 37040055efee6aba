// What a webhook post carries, per format. Slack and Teams Workflows get the renderers that
// already exist (Block Kit from adapters/slack, the Adaptive Card from adapters/teams), handed in
// by the composition root, since an adapter never imports another; Google Chat and Discord get
// this adapter's own. A webhook only receives: nobody can type a command back or press a button
// that reaches Dateline, so suggestions, the form button and "more" commands are left out first.
import type { Briefing, WebhookFormat } from '../../src/index.ts';
import { renderDiscord } from './discord.ts';
import { renderGoogleChat } from './google-chat.ts';

/** The renderers this adapter reuses from the others, given by adapters/index.ts. */
export interface SharedRenderers {
  /** adapters/slack's message: `{ text, blocks }`. */
  blockKit(briefing: Briefing): object;
  /** adapters/teams's Adaptive Card (the card alone, not its activity). */
  adaptiveCard(briefing: Briefing): object;
}

/** The briefing without what only an installed app could act on. */
export function forWebhook(briefing: Briefing): Briefing {
  return {
    ...briefing,
    suggestions: [],
    offersForm: false,
    sections: briefing.sections.map((section) => (section.more ? { ...section, more: { count: section.more.count } } : section)),
  };
}

/** The JSON body posted to a webhook of this format. */
export function renderPayload(format: WebhookFormat, briefing: Briefing, shared: SharedRenderers): object {
  const plain = forWebhook(briefing);
  switch (format) {
    case 'slack':
      // Incoming webhooks take chat.postMessage's message fields; links to sources are not unfurled.
      return { ...shared.blockKit(plain), unfurl_links: false, unfurl_media: false };
    case 'teams-workflow':
      // The envelope the "When a Teams webhook request is received" flow reads attachments[0].content from.
      return {
        type: 'message',
        attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', contentUrl: null, content: shared.adaptiveCard(plain) }],
      };
    case 'google-chat':
      return renderGoogleChat(plain);
    case 'discord':
      return renderDiscord(plain);
  }
}
