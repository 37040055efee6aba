// Each webhook format's payload, for real digests and for a briefing far past every limit: the
// shape its platform documents (shapes.ts, with the Adaptive Card through the `adaptivecards`
// parser and the published schema), fact text escaped for each platform's markup, nothing a
// webhook reader could not act on (suggestions, buttons, commands), and what does not fit summed
// up as "…and N more" with the right count.
import { describe, expect, it } from 'vitest';
import { renderDiscord } from '../../adapters/webhook/discord.ts';
import { renderGoogleChat } from '../../adapters/webhook/google-chat.ts';
import { renderPayload, type SharedRenderers } from '../../adapters/webhook/render.ts';
import { renderBlockKit } from '../../adapters/slack/render.ts';
import { renderTeamsActivity } from '../../adapters/teams/render.ts';
import type { Briefing } from '../../src/briefing/model.ts';
import { Dateline } from '../../src/dateline.ts';
import { openCatalog } from '../../src/facts/open.ts';
import { WEBHOOK_FORMATS } from '../../src/webhooks/webhooks.ts';
import { FACTS_DIR } from '../unit/support.ts';
import { payloadProblems } from './shapes.ts';

export const SHARED: SharedRenderers = {
  blockKit: (briefing) => renderBlockKit(briefing),
  adaptiveCard: (briefing) => renderTeamsActivity(briefing).attachments[0].content,
};

const dateline = new Dateline(openCatalog(FACTS_DIR), 'Asia/Seoul');
const at = new Date('2026-06-01T00:00:00Z');
const digests: [string, Briefing][] = [
  ['daily', dateline.digests.daily(at, 'Asia/Seoul', { quiet: false })!],
  ...dateline.catalog.themes.map((theme): [string, Briefing] => [
    `weekly ${theme.id}`,
    dateline.digests.weekly(at, 'Asia/Seoul', theme.id)!,
  ]),
];

const NASTY = '<script>&amp; *bold* _it_ `code` [x](https://evil.example) @everyone <@123> <https://evil.example|click> # h';
const LONG = `${NASTY} ${'word '.repeat(600)}`;
const ITEMS = 150;
const huge: Briefing = {
  kind: 'briefing',
  title: `Huge ${LONG}`,
  intro: LONG,
  sections: [0, 1, 2].map((section) => ({
    heading: `Section ${section} ${NASTY}`,
    items: Array.from({ length: ITEMS / 3 }, (_, index) => ({
      factId: `fact-${section}-${index}`,
      dateLabel: '21 March 2022',
      anniversary: '4 years ago',
      title: `Item ${section}-${index} ${NASTY}`,
      text: LONG,
      quotes: [{ quote: LONG, source: { id: 's', title: `Source ${NASTY}`, url: 'https://example.com/a?b=1&c=(2)' } }],
    })),
    more: { count: 5, command: { kind: 'search', text: 'everything' } },
  })),
  suggestions: ['themes', 'help'],
  sources: [{ id: 's', title: `Source ${NASTY}`, publisher: 'Pub <b>', url: 'https://example.com/a?b=1&c=(2)' }],
  offersForm: true,
};

describe.each(WEBHOOK_FORMATS)('the %s payload', (format) => {
  it.each(digests)('of the %s digest has the shape its platform accepts', (_name, briefing) => {
    expect(payloadProblems(format, renderPayload(format, briefing, SHARED))).toEqual([]);
  });

  it('of a briefing past every limit still has it, with nothing to act on', () => {
    const payload = renderPayload(format, huge, SHARED);
    expect(payloadProblems(format, payload)).toEqual([]);
    const text = JSON.stringify(payload);
    expect(text).not.toContain('search everything');
    expect(text).not.toContain('Set up digests');
    expect(text).not.toContain('Action.Submit');
    expect(text).toMatch(/…and \d+ more/);
  });
});

/** The number in the last "…and N more" of a text. */
const lastMore = (text: string) => Number([...text.matchAll(/…and (\d+) more/g)].at(-1)?.[1]);

describe('Google Chat', () => {
  it('escapes fact text as HTML where card text is HTML (sections), and keeps only its own tags', () => {
    const text = JSON.stringify(renderGoogleChat(huge).cardsV2[0].card.sections);
    expect(text).not.toContain('<script>');
    expect(text).toContain('&lt;script&gt;&amp;amp;');
    expect(text).toContain('<a href=\\"https://example.com/a?b=1&amp;c=(2)\\">');
  });

  it('counts every item it leaves out', () => {
    const message = renderGoogleChat(huge);
    const shown = message.cardsV2[0].card.sections
      .flatMap((section) => section.widgets)
      .filter((widget) => widget.textParagraph.text.startsWith('<b>Item')).length;
    const omittedMore = 5 * 3;
    expect(shown).toBeGreaterThan(0);
    expect(shown + lastMore(JSON.stringify(message))).toBe(ITEMS + omittedMore - 5 * Math.floor(shown / (ITEMS / 3)));
  });
});

describe('Discord', () => {
  it('escapes markdown and mentions, and pings nobody', () => {
    const message = renderDiscord(huge);
    const description = message.embeds[0].description!;
    expect(description).toContain('\\*bold\\*');
    expect(description).toContain('\\<@123\\>');
    expect(description).toContain('[Source ');
    expect(description).toContain('(https://example.com/a?b=1&c=%282%29)');
    expect(message.allowed_mentions).toEqual({ parse: [] });
  });

  it('counts every item it leaves out', () => {
    const message = renderDiscord(huge);
    const description = message.embeds[0].description!;
    const shown = description.split('\n').filter((line) => line.startsWith('**Item')).length;
    expect(shown).toBeGreaterThan(0);
    expect(shown).toBeLessThan(ITEMS);
    // Every item and every section's "more" not shown is counted once (a section's more shows only after all its items).
    expect(shown + lastMore(description)).toBe(ITEMS + 15);
  });
});
