// Any text a person can type, answered from the real fact packs and rendered for Slack and
// Teams, stays within each platform's limits and cannot format or ping. The renderer suites
// (tests/slack/block-kit.test.ts, tests/teams/render-card.test.ts) prove this for synthetic
// briefings; this one runs the whole path a command takes: the text as Slack or Teams delivers
// it, read once and run on facts/, then renderBlockKit (with the buttons the listener adds, each
// value a signed command) and renderTeamsActivity.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HEADER_TEXT_MAX, MAX_BLOCKS, renderBlockKit, SECTION_TEXT_MAX, type SlackMessage } from '../../adapters/slack/render.ts';
import { decodeSlackText, escapeText } from '../../adapters/slack/mrkdwn.ts';
import { ACTIONS } from '../../adapters/slack/actions.ts';
import { buttonValues } from '../../adapters/slack/inbound.ts';
import { commandSigner } from '../../adapters/slack/signed-command.ts';
import { ADAPTIVE_CARD_VERSION, MAX_ACTIVITY_BYTES, renderTeamsActivity } from '../../adapters/teams/render.ts';
import type { Briefing } from '../../src/briefing/model.ts';
import { Dateline } from '../../src/dateline.ts';
import { openCatalog } from '../../src/facts/open.ts';
import { cardProblems } from '../teams/card-shape.ts';
import { FACTS_DIR } from '../unit/support.ts';

const dateline = new Dateline(openCatalog(FACTS_DIR), 'Asia/Seoul');
const signer = commandSigner('render-test-signing-secret');
const CHANNEL = 'C2147483705';

/** Block Kit's documented limits that the renderer's own constants do not name. */
const CONTEXT_ELEMENTS_MAX = 10;
const BUTTON_VALUE_MAX = 2000;
const BUTTON_TEXT_MAX = 75;
const ACTION_ID_MAX = 255;
/** Teams' documented message limit; the adapter keeps to its own, smaller MAX_ACTIVITY_BYTES. */
const TEAMS_MESSAGE_MAX_BYTES = 100 * 1024;

const REAL_COMMANDS = [
  '',
  'today',
  'week',
  'themes',
  'help',
  'latest',
  'latest 20',
  'latest 1',
  'on 2023',
  'on 2023-06',
  'on 2023-05-15',
  'on 06-15',
  'on 02-29',
  'on June 2023',
  'on March 21, 2022',
  'theme imaging',
  'theme hospitals',
  'theme market',
  'search lunit',
  'search a',
  'search ai',
  'search deepcach',
  'fact mfds-fda-ai-mou',
  'preview daily',
  'preview weekly',
  'preview weekly theme regulation',
  'subscriptions',
  'subscribe daily 09:00',
  'what happened in June 2023?',
  'anything on Lunit?',
];
/** What Slack and Teams users type to ping, link or format. */
const MARKUP = [
  '<!channel>',
  '<!here>',
  '<!everyone>',
  '<@U1>',
  '<@W012ABC>',
  '<#C1|general>',
  '<https://evil.example|click>',
  '<mailto:a@b.c|x>',
  '&',
  '&amp;',
  '&lt;',
  '&gt;',
  '<',
  '>',
  '*bold*',
  '_it_',
  '~s~',
  '`code`',
  '```',
  '<at>Dateline</at>',
  '</at>',
  '[x](https://evil.example)',
  '|',
];
const CONTROL = ['\u0000', '\u0007', '\u001b', '\t', '\n', '\r', '\u0085', '\u2028', '\u200b', '\u202e', '\ufeff', '\ud800', '\udfff'];

const junk = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 30 }),
  fc.string({ unit: fc.constantFrom(...CONTROL, ...MARKUP, ' ', 'a'), maxLength: 20 }),
);
const commandText = fc.oneof(
  { arbitrary: fc.constantFrom(...REAL_COMMANDS), weight: 2 },
  // A real command with markup or junk around it: "search <!channel> lunit", "theme imaging\u0000".
  {
    arbitrary: fc
      .tuple(fc.constantFrom(...REAL_COMMANDS), fc.array(fc.oneof(fc.constantFrom(...MARKUP), junk), { minLength: 1, maxLength: 4 }))
      .map(([command, extra]) => `${command} ${extra.join(' ')}`),
    weight: 4,
  },
  {
    arbitrary: fc
      .tuple(fc.constantFrom('search ', 'on ', 'theme ', 'fact ', 'latest '), fc.constantFrom(...MARKUP))
      .map(([verb, markup]) => `${verb}${markup}`),
    weight: 2,
  },
  { arbitrary: junk, weight: 3 },
  // Huge: past the input limit, cheaply (a repeated piece rather than long random text).
  {
    arbitrary: fc
      .tuple(fc.oneof(fc.constantFrom(...MARKUP), junk), fc.integer({ min: 50, max: 20_000 }))
      .map(([piece, times]) => `search ${`${piece}x`.repeat(times)}`),
    weight: 1,
  },
);
const instants = fc.date({ min: new Date('2020-01-01T00:00:00Z'), max: new Date('2032-12-31T23:59:59Z'), noInvalidDate: true });

/** Every text object of a message, with where it sits. */
function slackTexts(message: SlackMessage): { where: string; text: string }[] {
  const found: { where: string; text: string }[] = [];
  for (const block of message.blocks) {
    if (block.type === 'header') found.push({ where: 'header', text: block.text.text });
    else if (block.type === 'section') found.push({ where: 'section', text: block.text?.text ?? '' });
    else if (block.type === 'context')
      for (const element of block.elements) found.push({ where: 'context', text: 'text' in element ? element.text : '' });
  }
  return found;
}

/** No `<`, `>` or bare `&` but the renderer's own links and quote marks: nothing typed can ping, link or format. */
function unescapedMarkup(text: string): string | undefined {
  const bare = text.replace(/<https?:\/\/[^|<>\s]+\|[^<>]*>/g, '').replace(/^> /gm, '');
  return /[<>]|&(?!amp;|lt;|gt;)/.exec(bare)?.[0];
}

function expectSlackLimits(message: SlackMessage, typed: string, at: Date, briefing: Briefing) {
  const json = JSON.stringify(message);
  expect(json).not.toContain('link_names');
  expect(message.blocks.length).toBeLessThanOrEqual(MAX_BLOCKS);
  expect(message.text.trim()).not.toBe('');
  expect(unescapedMarkup(message.text)).toBeUndefined();
  for (const { where, text } of slackTexts(message)) {
    expect(text.trim(), `${where} text`).not.toBe('');
    expect(text.length, `${where} text`).toBeLessThanOrEqual(where === 'header' ? HEADER_TEXT_MAX : SECTION_TEXT_MAX);
    expect(unescapedMarkup(text), `${where}: ${text.slice(0, 200)}`).toBeUndefined();
  }
  for (const block of message.blocks) {
    if (block.type === 'header') expect(block.text.type).toBe('plain_text');
    if (block.type === 'context') expect(block.elements.length).toBeLessThanOrEqual(CONTEXT_ELEMENTS_MAX);
    if (block.type === 'actions') {
      for (const element of block.elements) {
        if (element.type !== 'button') continue;
        expect(element.text.text.length).toBeLessThanOrEqual(BUTTON_TEXT_MAX);
        expect(element.action_id?.length ?? 0).toBeLessThanOrEqual(ACTION_ID_MAX);
        expect(element.value?.length ?? 0).toBeLessThanOrEqual(BUTTON_VALUE_MAX);
        // Every button carries a signed command: Share the very request that was read, at the instant
        // it was asked; "More" the typed command for the cut list's next page; "Set up digests" the form's.
        const signed = signer.open(element.value);
        expect(signed, `${element.action_id}: ${element.value}`).toBeDefined();
        if (element.action_id === ACTIONS.share.id) expect(signed).toEqual({ command: dateline.read(typed, at), channel: CHANNEL, at });
        else if (element.action_id === ACTIONS.more.id)
          expect(signed).toEqual({ command: briefing.sections.find((part) => part.more?.command)?.more?.command, channel: CHANNEL });
        else expect([element.action_id, signed?.command]).toEqual([ACTIONS.openForm.id, { kind: 'subscription-form' }]);
      }
    }
  }
  // What users type to ping never reaches Slack as markup (the button's value is data, not text).
  const shown = [message.text, ...slackTexts(message).map(({ text }) => text)].join('\n');
  for (const ping of ['<!channel>', '<!here>', '<!everyone>', '<@U1>', '<#C1|general>']) expect(shown).not.toContain(ping);
}

function expectTeamsLimits(activity: ReturnType<typeof renderTeamsActivity>) {
  const card = activity.attachments[0].content;
  expect(cardProblems(activity)).toEqual([]);
  expect(card.version).toBe(ADAPTIVE_CARD_VERSION);
  expect(card.version).toBe('1.5');
  expect(card.fallbackText.trim()).not.toBe('');
  expect(activity.summary.trim()).not.toBe('');
  const bytes = Buffer.byteLength(JSON.stringify(activity));
  expect(bytes).toBeLessThanOrEqual(MAX_ACTIVITY_BYTES);
  expect(bytes).toBeLessThan(TEAMS_MESSAGE_MAX_BYTES);
}

describe('any command text, answered from the real packs', () => {
  it('renders for Slack within Block Kit limits, escaped, with a share button that fits and re-asks the same text', async () => {
    const kinds = new Map<string, number>();
    await fc.assert(
      fc.asyncProperty(commandText, instants, async (typed, at) => {
        // Slack delivers the text entity-escaped; the listener decodes it before asking.
        const text = decodeSlackText(escapeText(typed));
        expect(text).toBe(typed);
        const request = dateline.read(text, at);
        const { briefing, shareable } = await dateline.run(request, { now: at, zone: 'Asia/Seoul' });
        kinds.set(briefing.kind, (kinds.get(briefing.kind) ?? 0) + 1);
        const share = shareable && request.kind !== 'invalid' ? { command: request, at } : undefined;
        expectSlackLimits(renderBlockKit(briefing, { command: '/dateline', ...buttonValues(signer, CHANNEL, share) }), text, at, briefing);
      }),
      { numRuns: 400 },
    );
    // The runs reached briefings (with a share button), errors and notices, not one kind alone.
    for (const kind of ['briefing', 'error', 'notice']) expect(kinds.get(kind) ?? 0, kind).toBeGreaterThan(0);
  }, 30_000);

  it('renders for Teams as a valid Adaptive Card 1.5 within the size budget, with a fallback text', async () => {
    await fc.assert(
      fc.asyncProperty(commandText, instants, async (text, at) => {
        expectTeamsLimits(renderTeamsActivity(await dateline.ask(text, { now: at, zone: 'Asia/Seoul' })));
      }),
      { numRuns: 400 },
    );
  }, 30_000);

  it('holds for the largest replies the packs give', async () => {
    const at = new Date('2026-06-15T01:00:00Z');
    const largest = ['latest 20', 'help', 'theme imaging', 'theme hospitals', 'on 2023', 'search a', 'preview weekly', 'themes', 'week'];
    for (const text of largest) {
      const request = dateline.read(text, at);
      const { briefing, shareable } = await dateline.run(request, { now: at, zone: 'Asia/Seoul' });
      expect(shareable, text).toBe(briefing.kind === 'briefing');
      const share = request.kind !== 'invalid' ? { command: request, at } : undefined;
      expectSlackLimits(renderBlockKit(briefing, buttonValues(signer, CHANNEL, share)), text, at, briefing);
      expectTeamsLimits(renderTeamsActivity(briefing));
    }
  });
});
