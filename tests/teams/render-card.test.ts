// The Adaptive Card renderer as a plain function: schema 1.5 in a message activity, source
// links as Action.OpenUrl, suggestions as Action.Submit, a text fallback, text that cannot
// format itself, and a size bound that holds for huge and for random briefings.
import { isDeepStrictEqual } from 'node:util';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  MAX_ACTIVITY_BYTES,
  MENTION,
  renderTeamsActivity,
  type AdaptiveCard,
  type TeamsMessageActivity,
} from '../../adapters/teams/render.ts';
import type { Briefing, BriefingItem, BriefingSection } from '../../src/briefing/model.ts';
import { cardProblems } from './card-shape.ts';
import { cardText, quoteCards } from './support.ts';

const SOURCE = {
  id: 'biospectrum',
  title: 'South Korea medical AI',
  publisher: 'BioSpectrum Asia',
  url: 'https://biospectrumasia.com/article',
};

const item = (n: number, extra: Partial<BriefingItem> = {}): BriefingItem => ({
  factId: `fact-${n}`,
  dateLabel: 'June 2023',
  title: `Title ${n}`,
  text: `Summary ${n}.`,
  sources: [SOURCE],
  ...extra,
});

const briefing = (changes: Partial<Briefing> = {}): Briefing => ({
  kind: 'briefing',
  title: 'June 2023',
  intro: 'Three facts.',
  sections: [{ heading: 'This month', items: [item(1), item(2, { anniversary: '3 years ago' })] }],
  suggestions: [],
  sources: [SOURCE],
  ...changes,
});

const cardOf = (activity: TeamsMessageActivity): AdaptiveCard => activity.attachments[0].content;
const bytes = (value: unknown) => Buffer.byteLength(JSON.stringify(value));

describe('renderTeamsActivity', () => {
  it('renders a briefing as one Adaptive Card 1.5 attached to a message activity', () => {
    const activity = renderTeamsActivity(briefing());
    expect(cardProblems(activity)).toEqual([]);
    expect(activity.type).toBe('message');
    expect(activity.attachments).toHaveLength(1);
    expect(activity.attachments[0].contentType).toBe('application/vnd.microsoft.card.adaptive');
    expect(cardOf(activity).version).toBe('1.5');
    expect(cardText(activity).split('\n')).toEqual([
      'June 2023',
      'Three facts.',
      'This month',
      'June 2023',
      'Title 1',
      'Summary 1.',
      'June 2023 · 3 years ago',
      'Title 2',
      'Summary 2.',
    ]);
  });

  it('offers each listed item its quotes and linked sources in an Action.ShowCard of its own, the fact id in no text', () => {
    const other = { id: 'herald', title: 'Korea Herald story', publisher: 'The Korea Herald', url: 'https://koreaherald.example/story' };
    const provenance = [
      { quote: 'In June 2023, the first source said so.', source: SOURCE, credit: 'BioSpectrum Asia · Ayesha Siddiqui · 1 September 2023' },
      { quote: 'The second source said so too.', source: other, credit: 'The Korea Herald · 2 October 2023' },
    ];
    const activity = renderTeamsActivity(
      briefing({
        sections: [{ items: [item(1, { provenance, sources: [SOURCE, other] }), item(2, { provenance: provenance.slice(0, 1) })] }],
      }),
    );
    expect(cardProblems(activity)).toEqual([]);
    expect(quoteCards(activity)).toEqual([
      {
        factId: 'fact-1',
        texts: [
          '“In June 2023, the first source said so.”',
          '— South Korea medical AI · BioSpectrum Asia · Ayesha Siddiqui · 1 September 2023',
          '“The second source said so too.”',
          '— Korea Herald story · The Korea Herald · 2 October 2023',
        ],
        links: [
          { type: 'Action.OpenUrl', title: 'Open: South Korea medical AI', url: 'https://biospectrumasia.com/article' },
          { type: 'Action.OpenUrl', title: 'Open: Korea Herald story', url: 'https://koreaherald.example/story' },
        ],
      },
      {
        factId: 'fact-2',
        texts: [
          '“In June 2023, the first source said so.”',
          '— South Korea medical AI · BioSpectrum Asia · Ayesha Siddiqui · 1 September 2023',
        ],
        links: [{ type: 'Action.OpenUrl', title: 'Open: South Korea medical AI', url: 'https://biospectrumasia.com/article' }],
      },
    ]);
    expect(JSON.stringify(activity.attachments[0].content.actions ?? [])).not.toContain('ShowCard');
    expect(cardText(activity)).not.toMatch(/fact-\d/);
    expect(cardOf(activity).fallbackText).not.toMatch(/fact-\d/);
  });

  it('keeps the ShowCards’ ids unique when an answer lists a fact twice', () => {
    const provenance = [{ quote: 'Said once.', source: SOURCE, credit: 'BioSpectrum Asia' }];
    const twice = item(1, { provenance });
    const activity = renderTeamsActivity(briefing({ sections: [{ items: [twice] }, { heading: 'Again', items: [twice] }] }));
    expect(cardProblems(activity)).toEqual([]);
    expect(quoteCards(activity).map((card) => card.factId)).toEqual(['fact-1', 'fact-1']);
  });

  it('keeps items first: a long answer shows every item it showed before, the first ones with their ShowCard', () => {
    const long = 'A long verbatim passage from the article. '.repeat(30);
    const items = Array.from({ length: 40 }, (_, n) =>
      item(n, { provenance: [{ quote: `${n}: ${long}`, source: SOURCE, credit: 'BioSpectrum Asia' }] }),
    );
    const withQuotes = renderTeamsActivity(briefing({ sections: [{ items }] }));
    const without = renderTeamsActivity(briefing({ sections: [{ items: items.map(({ provenance: _, ...rest }) => rest) }] }));
    expect(cardProblems(withQuotes)).toEqual([]);
    expect(bytes(withQuotes)).toBeLessThanOrEqual(MAX_ACTIVITY_BYTES);
    expect(cardText(withQuotes)).toBe(cardText(without));
    const shown = quoteCards(withQuotes).map((card) => card.factId);
    expect(shown.length).toBeGreaterThan(0);
    expect(shown.length).toBeLessThan(cardText(without).match(/^Title /gm)!.length);
    expect(shown).toEqual(shown.map((_, n) => `fact-${n}`));
  });

  it('links each web source with Action.OpenUrl, and never a non-web URL', () => {
    const sources = [SOURCE, { id: 'script', title: 'Script', url: 'javascript:alert(1)' }, { id: 'no-link', title: 'No link' }];
    const actions = cardOf(renderTeamsActivity(briefing({ sources }))).actions ?? [];
    expect(actions).toEqual([
      { type: 'Action.OpenUrl', title: 'Source: South Korea medical AI', url: 'https://biospectrumasia.com/article' },
    ]);
  });

  it('shows a full fact with its quote and source, as the text renderer does', () => {
    const full = briefing({ sections: [{ items: [item(1, { quotes: [{ quote: 'In May 2023, the Ministry …', source: SOURCE }] })] }] });
    const text = cardText(renderTeamsActivity(full));
    expect(text).toContain('“In May 2023, the Ministry …”');
    expect(text).toContain('Source: South Korea medical AI, BioSpectrum Asia');
    expect(text).not.toContain('fact fact-1');
  });

  it('offers suggestions as Action.Submit buttons that send the command back', () => {
    const actions = cardOf(renderTeamsActivity(briefing({ sources: [], suggestions: ['themes', 'search lunit'] }))).actions;
    expect(actions).toEqual([
      { type: 'Action.Submit', title: 'themes', data: { command: 'themes' } },
      { type: 'Action.Submit', title: 'search lunit', data: { command: 'search lunit' } },
    ]);
  });

  it('has a text fallback: the title as summary, the items as fallbackText', () => {
    const activity = renderTeamsActivity(briefing());
    expect(activity.summary).toBe('June 2023');
    expect(cardOf(activity).fallbackText.split('\n')).toEqual([
      'June 2023',
      'Three facts.',
      'This month',
      '• June 2023 — Title 1',
      '• June 2023 — Title 2',
      'Sources: South Korea medical AI, BioSpectrum Asia https://biospectrumasia.com/article',
    ]);
  });

  it('marks an error briefing in the attention colour', () => {
    const activity = renderTeamsActivity({
      kind: 'error',
      title: '2023-02-30 is not a date',
      sections: [],
      suggestions: ['help'],
      sources: [],
    });
    expect(cardOf(activity).body[0]).toEqual({
      type: 'RichTextBlock',
      inlines: [{ type: 'TextRun', text: '⚠ 2023-02-30 is not a date', weight: 'Bolder', size: 'Large', color: 'Attention' }],
    });
    expect(cardProblems(activity)).toEqual([]);
  });

  it('summarises the rest of a section like Slack: …and N more — @Dateline <command>', () => {
    const sections: BriefingSection[] = [
      { heading: 'Dated', items: [item(1)], more: { count: 4, command: { kind: 'search', text: 'imaging' } } },
    ];
    expect(cardText(renderTeamsActivity(briefing({ sections })))).toContain(`…and 4 more — ${MENTION} search imaging`);
  });

  it('lets no text format itself: markdown stays literal, control characters go', () => {
    const activity = renderTeamsActivity(briefing({ title: 'Search: **bold** [x](https://evil.example)\u0000\u0007 \ud800' }));
    expect(activity.summary).toBe('Search: **bold** [x](https://evil.example)');
    expect(cardText(activity).split('\n')[0]).toBe('Search: **bold** [x](https://evil.example)');
    expect(cardProblems(activity)).toEqual([]);
  });

  it('keeps a huge briefing under the size bound and counts what it left out', () => {
    const long = 'x'.repeat(2000);
    const sections: BriefingSection[] = Array.from({ length: 5 }, (_, s) => ({
      heading: `Section ${s}`,
      items: Array.from({ length: 100 }, (_, i) => item(s * 100 + i, { text: long })),
      more: { count: 7, command: { kind: 'search', text: 'imaging' } },
    }));
    const activity = renderTeamsActivity(briefing({ sections }));
    expect(bytes(activity)).toBeLessThanOrEqual(MAX_ACTIVITY_BYTES);
    expect(cardProblems(activity)).toEqual([]);
    const shown = cardOf(activity).body.filter((element) => element.type === 'Container').length;
    expect(shown).toBeGreaterThan(5);
    expect(cardText(activity).split('\n').at(-1)).toBe(`…and ${500 - shown + 5 * 7} more — ${MENTION} search imaging`);
  });

  it('stays valid JSON under the bound for any briefing text (property)', () => {
    const lone = fc.integer({ min: 0xd800, max: 0xdfff }).map((code) => String.fromCharCode(code));
    const unit = fc.oneof(
      fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }),
      lone,
      fc.constantFrom('"', '\\', '\n', '\u0000', '*', '<at>'),
    );
    const short = fc.string({ unit, maxLength: 60 });
    // Mostly short text; now and then text repeated far past any field's limit (cheaper to generate than long random text).
    const text = fc.oneof(
      { arbitrary: short, weight: 9 },
      { arbitrary: fc.tuple(short, fc.integer({ min: 40, max: 200 })).map(([part, times]) => `${part}x`.repeat(times)), weight: 1 },
    );
    const source = fc.record({
      id: fc.constant('s'),
      title: text,
      publisher: fc.option(text, { nil: undefined }),
      url: fc.option(fc.oneof(fc.webUrl(), text), { nil: undefined }),
    });
    const anItem = fc.record(
      {
        factId: text,
        dateLabel: text,
        anniversary: text,
        title: text,
        text,
        quotes: fc.array(fc.record({ quote: text, source }), { maxLength: 2 }),
        sources: fc.array(source, { maxLength: 2 }),
      },
      { requiredKeys: ['title'] },
    );
    const section = fc.record(
      {
        heading: text,
        items: fc.array(anItem, { maxLength: 40 }),
        more: fc.record({
          count: fc.nat(),
          command: fc.option(fc.record({ kind: fc.constant('search' as const), text }), { nil: undefined }),
        }),
      },
      { requiredKeys: ['items'] },
    );
    const anyBriefing = fc.record(
      {
        kind: fc.constantFrom('briefing', 'help', 'error', 'notice'),
        title: text,
        intro: text,
        sections: fc.array(section, { maxLength: 6 }),
        suggestions: fc.array(text, { maxLength: 5 }),
        sources: fc.array(source, { maxLength: 5 }),
      },
      { requiredKeys: ['kind', 'title', 'sections', 'suggestions', 'sources'] },
    );
    let summarised = 0;
    fc.assert(
      fc.property(anyBriefing, (random) => {
        const activity = renderTeamsActivity(random as Briefing);
        const json = JSON.stringify(activity);
        if (Buffer.byteLength(json) > MAX_ACTIVITY_BYTES / 2) summarised++;
        expect(Buffer.byteLength(json)).toBeLessThanOrEqual(MAX_ACTIVITY_BYTES);
        // Strict: a property left undefined would vanish in JSON and fail here.
        expect(isDeepStrictEqual(JSON.parse(json), activity)).toBe(true);
        expect(cardProblems(activity)).toEqual([]);
      }),
      { numRuns: 60 },
    );
    // The bound was tested, not only met: some random briefings came near it.
    expect(summarised).toBeGreaterThan(0);
  }, 20_000);
});
