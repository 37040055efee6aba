// The Block Kit renderer as a plain function: Slack's limits hold for any briefing, nothing is
// dropped without an "and N more", and every text from facts or users is escaped.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  HEADER_TEXT_MAX,
  MAX_BLOCKS,
  renderBlockKit,
  renderQuoteAndSource,
  renderSlackJson,
  SECTION_TEXT_MAX,
  type SlackMessage,
} from '../../adapters/slack/render.ts';
import { decodeSlackText, escapeText, link, truncate } from '../../adapters/slack/mrkdwn.ts';
import { blockKitProblems } from './support/block-kit-limits.ts';
import type { Briefing, BriefingItem, BriefingSection } from '../../src/briefing/model.ts';

const SOURCE = {
  id: 'biospectrum',
  title: 'South Korea & medical AI',
  publisher: 'BioSpectrum Asia',
  url: 'https://biospectrumasia.com/a?b=1&c=2',
};

function briefing(parts: Partial<Briefing> = {}): Briefing {
  return { kind: 'briefing', title: 'A briefing', sections: [], suggestions: [], sources: [], ...parts };
}

function item(id: string, size = 1): BriefingItem {
  return {
    factId: id,
    dateLabel: '21 March 2022',
    anniversary: '4 years ago',
    title: `Title of ${id} `.repeat(size),
    text: `Summary of ${id} <b> & more. `.repeat(20 * size),
    quotes: [{ quote: `Quote of ${id}. `.repeat(10 * size), source: SOURCE }],
    sources: [SOURCE],
  };
}

/** Every text object in a message, with the kind of place it sits in. */
function texts(message: SlackMessage): { where: string; text: string }[] {
  const found: { where: string; text: string }[] = [];
  for (const block of message.blocks) {
    if (block.type === 'header') found.push({ where: 'header', text: block.text.text });
    if (block.type === 'section' && block.text) found.push({ where: 'section', text: block.text.text });
    if (block.type === 'context')
      for (const element of block.elements) if ('text' in element) found.push({ where: 'context', text: element.text });
  }
  return found;
}

function expectWithinLimits(message: SlackMessage) {
  expect(message.blocks.length).toBeLessThanOrEqual(MAX_BLOCKS);
  expect(message.text.length).toBeGreaterThan(0);
  expect(message.text.length).toBeLessThanOrEqual(SECTION_TEXT_MAX);
  for (const { where, text } of texts(message)) {
    expect(text.length, where).toBeGreaterThan(0);
    expect(text.length, where).toBeLessThanOrEqual(where === 'header' ? HEADER_TEXT_MAX : SECTION_TEXT_MAX);
  }
}

/** Escaped text: no `<` or `>` outside our links, mentions and quote marks, and every `&` starts an entity. */
function expectEscaped(text: string) {
  const bare = text
    .replace(/<https?:\/\/[^|<>\s]+\|[^<>]*>/g, '')
    .replace(/<@[UW][A-Z0-9]+>/g, '')
    .replace(/^> /gm, '');
  expect(bare).not.toMatch(/[<>]/);
  expect(bare).not.toMatch(/&(?!amp;|lt;|gt;)/);
}

describe('renderBlockKit limits', () => {
  const sections: BriefingSection[] = Array.from({ length: 40 }, (_, s) => ({
    heading: `Section ${s} `.repeat(40),
    items: Array.from({ length: 15 }, (_, i) => item(`fact-${s}-${i}`, 1 + (i % 3))),
    more: { count: 7, command: { kind: 'on', date: { kind: 'month', year: 2023, month: (s % 12) + 1 } } },
  }));
  const huge = briefing({
    title: 'An enormous briefing title that goes on and on '.repeat(10),
    intro: 'Intro <!channel> '.repeat(1000),
    sections,
    suggestions: Array.from({ length: 30 }, (_, i) => `search word${i}`),
    sources: Array.from({ length: 40 }, (_, i) => ({ ...SOURCE, url: `https://example.com/${i}` })),
  });

  // The same items as a list rather than full facts: each offers its quote behind a button.
  const listed = briefing({
    ...huge,
    sections: sections.map((section) => ({
      ...section,
      items: section.items.map(({ quotes, ...rest }) => ({
        ...rest,
        provenance: (quotes ?? []).map((cited) => ({ ...cited, credit: 'BioSpectrum Asia · 1 September 2023' })),
      })),
    })),
  });
  const quoteValue = (id: string) => JSON.stringify({ command: { kind: 'fact', id }, channel: 'C1', sig: 'x'.repeat(43) });
  /** The facts whose "Quote & source" button a message shows. */
  const quoted = (message: SlackMessage) =>
    message.blocks.flatMap((block) =>
      block.type === 'section' && block.accessory?.type === 'button' && block.accessory.action_id === 'dateline_quote'
        ? [(JSON.parse(block.accessory.value ?? '{}') as { command: { id: string } }).command.id]
        : [],
    );

  it.each([
    ['alone', huge, {}],
    ['with a share button', huge, { shareValue: '{"text":"today","at":"2026-06-01T00:00:00.000Z"}' }],
    ['shared by someone', huge, { sharedBy: { userId: 'U2147483697', name: 'steve' } }],
    ['with a "Quote & source" button on each item', listed, { quoteValue }],
  ])('holds for a huge briefing, %s', (_label, input, options) => {
    const message = renderBlockKit(input, options);
    expectWithinLimits(message);
    expect(blockKitProblems(message as unknown as { blocks: Record<string, unknown>[] })).toEqual([]);
    expect(message.blocks.length).toBe(MAX_BLOCKS);
    for (const { text } of texts(message)) expectEscaped(text);
  });

  it('accounts for every item: those shown plus every "and N more" add up to the whole', () => {
    const message = renderBlockKit(listed, { quoteValue });
    const all = texts(message)
      .map(({ text }) => text)
      .join('\n');
    const shown = new Set(quoted(message));
    // Every item shown has its button, in its own section.
    expect(shown.size).toBe(all.match(/\*Title of fact-/g)?.length);
    const more = [...all.matchAll(/…and (\d+) more/g)].reduce((sum, match) => sum + Number(match[1]), 0);
    const total = sections.reduce((sum, section) => sum + section.items.length + (section.more?.count ?? 0), 0);
    expect(shown.size).toBeGreaterThan(0);
    expect(shown.size + more).toBe(total);
    expect(all).toMatch(/…and \d+ more — `\/dateline on 2023-\d\d`/);
  });

  // A hundred random briefings take about 5 s alone: more on a busy machine.
  it('holds, and escapes, for any briefing', { timeout: 30_000 }, () => {
    const text = fc.string({ unit: fc.constantFrom('a', ' ', '&', '<', '>', '|', '*', '\n', 'é', '😀', '@', '!'), maxLength: 4000 });
    const anyItem = fc.record({
      title: text,
      text: fc.option(text, { nil: undefined }),
      quotes: fc.option(fc.array(fc.record({ quote: text, source: fc.record({ id: fc.constant('s'), title: text }) }), { maxLength: 2 }), {
        nil: undefined,
      }),
      factId: fc.option(fc.stringMatching(/^[a-z-]{1,20}$/), { nil: undefined }),
    });
    const anySection = fc.record({ heading: fc.option(text, { nil: undefined }), items: fc.array(anyItem, { maxLength: 20 }) });
    const anyBriefing = fc.record({
      kind: fc.constantFrom('briefing' as const, 'help' as const, 'error' as const, 'notice' as const),
      title: text.filter((value) => value.trim().length > 0),
      intro: fc.option(text, { nil: undefined }),
      sections: fc.array(anySection, { maxLength: 12 }),
      suggestions: fc.array(text, { maxLength: 5 }),
      sources: fc.array(fc.record({ id: fc.constant('s'), title: text, url: fc.option(fc.webUrl(), { nil: undefined }) }), {
        maxLength: 3,
      }),
    });
    fc.assert(
      fc.property(anyBriefing, (generated) => {
        const message = renderBlockKit(JSON.parse(JSON.stringify(generated)) as Briefing);
        expect(message.blocks.length).toBeLessThanOrEqual(MAX_BLOCKS);
        expect(message.text.length).toBeLessThanOrEqual(SECTION_TEXT_MAX);
        for (const { where, text: shown } of texts(message)) {
          expect(shown.length).toBeLessThanOrEqual(where === 'header' ? HEADER_TEXT_MAX : SECTION_TEXT_MAX);
          expectEscaped(shown);
        }
        expectEscaped(message.text);
      }),
      { numRuns: 100 },
    );
  });
});

describe('renderBlockKit content', () => {
  it('renders a header, the items, the sources as links, and a plain-text fallback', () => {
    const message = renderBlockKit(
      briefing({ title: 'June 2023', sections: [{ heading: 'On this day', items: [item('lunit-approval')] }], sources: [SOURCE] }),
    );
    expect(message.text).toBe('June 2023');
    expect(message.blocks[0]).toEqual({ type: 'header', text: { type: 'plain_text', text: 'June 2023', emoji: true } });
    const all = texts(message)
      .map(({ text }) => text)
      .join('\n');
    expect(all).toContain('*On this day*');
    expect(all).toContain('*Title of lunit-approval *');
    expect(all).toContain('_21 March 2022 · 4 years ago_');
    expect(all).not.toContain('lunit-approval`');
    expect(all).toContain('> Quote of lunit-approval.');
    expect(all).toContain('Source: <https://biospectrumasia.com/a?b=1&amp;c=2|South Korea &amp; medical AI>, BioSpectrum Asia');
  });

  it('answers "Quote & source" with each source’s own quote as a block quote, its title linked, publisher, author and date', () => {
    const message = renderQuoteAndSource({
      factId: 'lunit-approval',
      title: 'Lunit <b> & co',
      provenance: [
        { quote: 'First <@U1> & more.\nSecond line.', source: SOURCE, credit: 'BioSpectrum Asia · Ayesha Siddiqui · 1 September 2023' },
        {
          quote: 'Another quote.',
          source: { id: 'other', title: 'Other <source>', url: 'javascript:alert(1)' },
          credit: 'The Korea Herald',
        },
      ],
    });
    expect(blockKitProblems(message as unknown as { blocks: Record<string, unknown>[] })).toEqual([]);
    expect(texts(message).map(({ where, text }) => `${where}: ${text}`)).toEqual([
      'section: *Lunit &lt;b&gt; &amp; co*',
      'section: > First &lt;@U1&gt; &amp; more.\n> Second line.',
      'context: <https://biospectrumasia.com/a?b=1&amp;c=2|South Korea &amp; medical AI> · BioSpectrum Asia · Ayesha Siddiqui · 1 September 2023',
      'section: > Another quote.',
      'context: Other &lt;source&gt; · The Korea Herald',
    ]);
    for (const { text } of texts(message)) expectEscaped(text);
    expect(JSON.stringify(message)).not.toContain('lunit-approval');
  });

  it('escapes mentions, links and ampersands in every text from facts or users', () => {
    const hostile = '<!channel> & <@U123> <https://evil.example|click>';
    const message = renderBlockKit(
      briefing({
        title: hostile,
        intro: hostile,
        sections: [{ heading: hostile, items: [{ title: hostile, text: hostile }] }],
        suggestions: [`search ${hostile}`],
      }),
    );
    const raw = JSON.stringify(message);
    expect(raw).not.toContain('<!channel>');
    expect(raw).not.toContain('<@U123>');
    expect(raw).not.toContain('<https://evil');
    expect(message.text).toBe('&lt;!channel&gt; &amp; &lt;@U123&gt; &lt;https://evil.example|click&gt;');
    expect(raw).not.toContain('link_names');
  });

  it('marks errors with a warning instead of a header, and shows suggestions as commands', () => {
    const message = renderBlockKit(briefing({ kind: 'error', title: '2023-02-30 is not a date', suggestions: ['on 2023-02-28'] }), {
      command: '/briefing',
    });
    expect(message.blocks.map((block) => block.type)).toEqual(['section', 'context']);
    expect(message.text).toBe('⚠ 2023-02-30 is not a date');
    expect(texts(message).map(({ text }) => text)).toEqual([':warning: *2023-02-30 is not a date*', 'Try: `/briefing on 2023-02-28`']);
  });

  it('shows help items as the commands to type', () => {
    const message = renderBlockKit(briefing({ kind: 'help', sections: [{ items: [{ title: 'on <date>', text: 'a day' }] }] }));
    expect(texts(message).map(({ text }) => text)).toContain('`/dateline on &lt;date&gt;`\na day');
  });

  it('adds the share button, and attributes a shared message with a mention that only a user id can form', () => {
    const shareable = renderBlockKit(briefing(), { shareValue: 'v' });
    expect(shareable.blocks.at(-1)).toMatchObject({
      type: 'actions',
      elements: [{ type: 'button', action_id: 'dateline_share', value: 'v' }],
    });
    const shared = renderBlockKit(briefing(), { sharedBy: { userId: 'U2147483697', name: 'steve' } });
    expect(texts(shared)[0]?.text).toBe('Shared by <@U2147483697>');
    expect(shared.text).toBe('A briefing (shared by steve)');
    const forged = renderBlockKit(briefing(), { sharedBy: { userId: 'U1>|<!channel', name: '<!here>' } });
    expect(texts(forged)[0]?.text).toBe('Shared by &lt;!here&gt;');
  });

  it('prints, for `dateline ask --format slack`, exactly the message it renders', () => {
    const shown = briefing({ sections: [{ items: [item('a')] }] });
    expect(JSON.parse(renderSlackJson(shown))).toEqual(renderBlockKit(shown));
  });
});

describe('mrkdwn helpers', () => {
  it('truncates without leaving half an entity, half a link or half a surrogate pair', () => {
    expect(truncate('abc', 3)).toBe('abc');
    expect(truncate('abcd&amp;', 7)).toBe('abcd…');
    expect(truncate('ab <https://x.example|x> tail', 12)).toBe('ab …');
    expect(truncate('ab😀cd', 4)).toBe('ab…');
  });

  it('decodes what Slack escapes, so text is read as it was typed', () => {
    expect(decodeSlackText('AT&amp;T &lt;b&gt;')).toBe('AT&T <b>');
    expect(escapeText(decodeSlackText('&amp;lt;'))).toBe('&amp;lt;');
  });

  it('links only http(s) URLs', () => {
    expect(link('javascript:alert(1)', 'x')).toBe('x');
    expect(link('not a url', 'x')).toBe('x');
    expect(link(undefined, 'a|b')).toBe('a¦b');
    expect(link('https://example.com/a|b', 'x')).toBe('<https://example.com/a%7Cb|x>');
  });
});
