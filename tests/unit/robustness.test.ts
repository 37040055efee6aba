// No input breaks a reply: random text (ASCII, full Unicode, control characters, mixes of command
// words) through parseCommand, Dateline.ask and renderText never throws and always gives text;
// known bad inputs get an error or notice that says what was wrong, and `dateline ask` exits 0.
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { renderText } from '../../adapters/console/render.ts';
import { adapters } from '../../adapters/index.ts';
import { runCli } from '../../src/cli/main.ts';
import { parseCommand } from '../../src/commands/parse.ts';
import { MAX_INPUT_CHARS } from '../../src/commands/types.ts';
import { Dateline } from '../../src/dateline.ts';
import { openCatalog } from '../../src/facts/open.ts';
import { captureOutput, FACTS_DIR } from './support.ts';

const dateline = new Dateline(openCatalog(FACTS_DIR), 'Asia/Seoul');
const COMMAND_KINDS = [
  'today',
  'on',
  'week',
  'themes',
  'theme',
  'search',
  'latest',
  'fact',
  'subscribe',
  'subscription-form',
  'unsubscribe',
  'subscriptions',
  'preview',
  'help',
  'small-talk',
];
const WORDS = [
  'today',
  'on',
  'week',
  'themes',
  'theme',
  'search',
  'latest',
  'fact',
  'subscribe',
  'unsubscribe',
  'subscriptions',
  'preview',
  'help',
  'spring',
  'Q2',
  'between',
  'since',
  'by',
  '2023~2027',
  'yesterday',
  '루닛의',
  'daily',
  'weekly',
  'quiet',
  'all',
  'mon',
  'sunday',
  'imaging',
  'lunit',
  'Asia/Seoul',
  'asia/seol',
  'UTC',
  'Mars/Olympus',
  '09:00',
  '25:00',
  '7:5',
  '2023',
  '2023-06',
  '2023-06-15',
  '2023-02-30',
  '2023-13',
  '06-15',
  '02-29',
  '13-45',
  'June',
  '2023/06',
  'March 21, 2022',
  '15 June',
  '0',
  '20',
  '999',
  '-1',
  '1e3',
  'NaN',
  '<!channel>',
  '<@U123>',
  '*bold*',
  '`code`',
  '"',
  '?',
  '',
];

/** Random text of many kinds: any grapheme, raw code units, control characters, command-like mixes. */
const anyText = fc.oneof(
  fc.string({ maxLength: 80 }),
  fc.string({ unit: 'grapheme', maxLength: 60 }),
  fc.string({ unit: 'binary', maxLength: 60 }),
  fc.string({
    unit: fc.constantFrom('\u0000', '\u0007', '\u001b', '\t', '\n', '\r', '\u0085', '\u200b', '\u202e', '\ufeff', ' ', 'a', '1', '-', ':'),
    maxLength: 40,
  }),
  fc.array(fc.oneof(fc.constantFrom(...WORDS), fc.string({ maxLength: 8 })), { maxLength: 8 }).map((words) => words.join(' ')),
  fc.string({ unit: 'grapheme-ascii', minLength: MAX_INPUT_CHARS - 5, maxLength: MAX_INPUT_CHARS + 200 }),
);

const zones = fc.constantFrom('Asia/Seoul', 'UTC', 'America/Los_Angeles', 'Pacific/Kiritimati', 'Pacific/Pago_Pago', 'Europe/London');
// Bounded near today: a daily preview counts quiet days since 2000, which grows with the year.
const instants = fc.date({ min: new Date('2015-01-01T00:00:00Z'), max: new Date('2035-12-31T23:59:59Z'), noInvalidDate: true });

// A control character other than the line breaks the renderer itself writes.
const STRAY_CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/;

describe('parseCommand on random text', () => {
  it('never throws, and gives a known command or a short error with suggestions', () => {
    fc.assert(
      fc.property(anyText, instants, (text, now) => {
        const result = parseCommand(text, now);
        if (result.ok) {
          expect(COMMAND_KINDS).toContain(result.command.kind);
          if (result.command.kind === 'search') expect(result.command.text.trim()).not.toBe('');
        } else {
          expect(result.error.message.trim()).not.toBe('');
          expect(result.error.message.length).toBeLessThanOrEqual(300);
          expect(Array.isArray(result.error.suggestions)).toBe(true);
        }
      }),
      { numRuns: 2000 },
    );
  });
});

describe('Dateline.ask and renderText on random text', () => {
  it('never throw, and always give a titled briefing and non-empty text', async () => {
    await fc.assert(
      fc.asyncProperty(anyText, instants, zones, async (text, now, zone) => {
        const briefing = await dateline.ask(text, { now, zone });
        expect(['briefing', 'help', 'error', 'notice']).toContain(briefing.kind);
        expect(briefing.title.trim()).not.toBe('');
        const rendered = renderText(briefing);
        expect(rendered.trim()).not.toBe('');
        expect(rendered).not.toContain('[object Object]');
        if (!/undefined/i.test(text)) expect(rendered).not.toMatch(/\bundefined\b/);
        if (!/nan/i.test(text)) expect(rendered).not.toMatch(/\bNaN\b/);
        expect(rendered).not.toMatch(STRAY_CONTROL);
        for (const section of briefing.sections) expect(section.items.length).toBeGreaterThan(0);
      }),
      { numRuns: 300 },
    );
  });
});

/** Known bad inputs, each with what its reply's title must say. */
const BAD_INPUTS: [string, RegExp][] = [
  ['on 2023-02-30', /February 2023 has 28 days/],
  ['on 2023-13', /a month is 01 to 12/],
  ['on 2023/06', /2023-06/],
  // "on June 2023 maybe" is read as a question now (a command word that begins a question): June 2023's facts.
  ['on 12x', /not a date/],
  ['latest 999', /from 1 to 20/],
  ['latest 0', /from 1 to 20/],
  ['subscribe daily 25:00', /25:00 is not a time/],
  ['subscribe daily 09:00 Asia/Seol', /did you mean Asia\/Seoul/],
  ['unsubscribe sometimes', /daily, weekly or all/],
  ['preview monthly', /daily or weekly/],
  ['theme robotics', /"robotics" is not a theme/],
  ['fact no-such-fact', /no fact "no-such-fact"/],
  ['x'.repeat(5_000), /too long/],
  ['latest\u0000999', /from 1 to 20/],
  ['on\u0007 2023-02-30\u001b', /28 days/],
  ['<!channel>', /Nothing found/],
];

describe('bad input gets a reply that says what was wrong', () => {
  it.each(
    BAD_INPUTS.map(
      ([text, why]) => [text.length > 40 ? `${text.slice(0, 12)}… (${text.length} chars)` : JSON.stringify(text), text, why] as const,
    ),
  )('%s', async (_label, text, why) => {
    const briefing = await dateline.ask(text, { now: new Date('2026-06-10T12:00:00+09:00'), zone: 'Asia/Seoul' });
    expect(['error', 'notice']).toContain(briefing.kind);
    expect(briefing.title).toMatch(why);
    expect(briefing.title.length).toBeLessThan(300);
    expect(briefing.suggestions.length).toBeGreaterThan(0);
    expect(renderText(briefing)).toContain(briefing.title);
  });
});

describe('dateline ask on bad input', () => {
  beforeEach(() => {
    vi.stubEnv('DATELINE_TZ', 'Asia/Seoul');
    vi.stubEnv('FACTS_DIR', FACTS_DIR);
  });
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it('returns 0 and prints the reason for every bad input', async () => {
    for (const [text, why] of BAD_INPUTS) {
      const { out, text: written } = captureOutput();
      const code = await runCli(['ask', text, '--at', '2026-06-10T12:00:00+09:00'], adapters, out);
      expect(code, text.slice(0, 40)).toBe(0);
      expect(written(), text.slice(0, 40)).toMatch(why);
    }
  });

  it('prints a briefing for an ordinary command too', async () => {
    const { out, text } = captureOutput();
    expect(await runCli(['ask', 'on 2023-06', '--at', '2026-06-10T12:00:00+09:00'], adapters, out)).toBe(0);
    expect(text()).toMatch(/^June 2023\n/);
  });
});
