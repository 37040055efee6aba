// The command language of DESIGN.md: every command parses to its typed Command, every date form
// is read, questions become `on` or `search`, and bad input gets a message saying what was wrong.
import { describe, expect, it } from 'vitest';
import { cleanInput, parseCommand } from '../../src/commands/parse.ts';
import { LATEST_DEFAULT, LATEST_MAX, MAX_INPUT_CHARS, type Command, type CommandError, type DateQuery } from '../../src/commands/types.ts';

const reference = new Date('2026-06-10T12:00:00+09:00');

function command(text: string): Command {
  const result = parseCommand(text, reference);
  if (!result.ok) throw new Error(`expected ${JSON.stringify(text)} to parse, got: ${result.error.message}`);
  return result.command;
}

function error(text: string): CommandError {
  const result = parseCommand(text, reference);
  if (result.ok) throw new Error(`expected ${JSON.stringify(text)} to be refused, got ${JSON.stringify(result.command)}`);
  return result.error;
}

const on = (date: DateQuery): Command => ({ kind: 'on', date });

describe('commands', () => {
  it.each<[string, Command]>([
    ['', { kind: 'today' }],
    ['today', { kind: 'today' }],
    ['TODAY', { kind: 'today' }],
    ['week', { kind: 'week' }],
    ['themes', { kind: 'themes' }],
    ['theme imaging', { kind: 'theme', themeId: 'imaging' }],
    ['theme Drug-Discovery', { kind: 'theme', themeId: 'drug-discovery' }],
    ['search lunit', { kind: 'search', text: 'lunit' }],
    ['search  AI   drug discovery ', { kind: 'search', text: 'AI drug discovery' }],
    ['latest', { kind: 'latest', count: LATEST_DEFAULT }],
    ['latest 3', { kind: 'latest', count: 3 }],
    ['latest 1', { kind: 'latest', count: 1 }],
    [`latest ${LATEST_MAX}`, { kind: 'latest', count: LATEST_MAX }],
    ['fact mfds-fda-ai-mou', { kind: 'fact', id: 'mfds-fda-ai-mou' }],
    ['subscribe daily', { kind: 'subscribe', cadence: 'daily', quiet: false }],
    ['subscribe daily 07:30', { kind: 'subscribe', cadence: 'daily', quiet: false, time: { hour: 7, minute: 30 } }],
    ['subscribe daily 9:05', { kind: 'subscribe', cadence: 'daily', quiet: false, time: { hour: 9, minute: 5 } }],
    [
      'subscribe daily 00:00 Europe/London quiet',
      { kind: 'subscribe', cadence: 'daily', quiet: true, time: { hour: 0, minute: 0 }, zone: 'Europe/London' },
    ],
    [
      'subscribe daily quiet 23:59 Asia/Seoul',
      { kind: 'subscribe', cadence: 'daily', quiet: true, time: { hour: 23, minute: 59 }, zone: 'Asia/Seoul' },
    ],
    ['subscribe weekly', { kind: 'subscribe', cadence: 'weekly' }],
    [
      'subscribe weekly fri 10:30 Europe/London theme imaging',
      { kind: 'subscribe', cadence: 'weekly', weekday: 5, time: { hour: 10, minute: 30 }, zone: 'Europe/London', themeId: 'imaging' },
    ],
    ['subscribe weekly Sunday', { kind: 'subscribe', cadence: 'weekly', weekday: 7 }],
    ['subscribe weekly mon theme Market', { kind: 'subscribe', cadence: 'weekly', weekday: 1, themeId: 'market' }],
    ['unsubscribe', { kind: 'unsubscribe', which: 'all' }],
    ['subscribe', { kind: 'subscription-form' }],
    [
      'subscribe daily 09:00 weekdays',
      { kind: 'subscribe', cadence: 'daily', quiet: false, time: { hour: 9, minute: 0 }, days: [1, 2, 3, 4, 5] },
    ],
    [
      'subscribe daily 08:30 mon,wed,fri',
      { kind: 'subscribe', cadence: 'daily', quiet: false, time: { hour: 8, minute: 30 }, days: [1, 3, 5] },
    ],
    ['subscribe daily sun,Sat,sat quiet', { kind: 'subscribe', cadence: 'daily', quiet: true, days: [6, 7] }],
    ['subscribe daily thu', { kind: 'subscribe', cadence: 'daily', quiet: false, days: [4] }],
    ['unsubscribe daily', { kind: 'unsubscribe', which: 'daily' }],
    ['unsubscribe weekly', { kind: 'unsubscribe', which: 'weekly' }],
    ['unsubscribe all', { kind: 'unsubscribe', which: 'all' }],
    ['subscriptions', { kind: 'subscriptions' }],
    ['preview daily', { kind: 'preview', cadence: 'daily' }],
    ['preview weekly', { kind: 'preview', cadence: 'weekly' }],
    ['preview weekly theme imaging', { kind: 'preview', cadence: 'weekly', themeId: 'imaging' }],
    ['help', { kind: 'help' }],
    ['Help', { kind: 'help' }],
  ])('%j', (text, expected) => {
    expect(command(text)).toEqual(expected);
  });

  it('reads every weekday name and abbreviation as its ISO number', () => {
    const names: [string, number][] = [
      ['mon', 1],
      ['tuesday', 2],
      ['wed', 3],
      ['thu', 4],
      ['friday', 5],
      ['sat', 6],
      ['sun', 7],
    ];
    for (const [name, number] of names) expect(command(`subscribe weekly ${name}`)).toMatchObject({ weekday: number });
  });

  it('spells a zone as the runtime does, whatever the case it was typed in', () => {
    expect(command('subscribe daily 09:00 asia/seoul')).toMatchObject({ zone: 'Asia/Seoul' });
    expect(command('subscribe weekly EUROPE/LONDON')).toMatchObject({ zone: 'Europe/London' });
    expect(command('subscribe daily utc')).toMatchObject({ zone: 'UTC' });
  });
});

describe('date forms of `on`', () => {
  it.each<[string, DateQuery]>([
    ['2023', { kind: 'year', year: 2023 }],
    ['2023-06', { kind: 'month', year: 2023, month: 6 }],
    ['2023-06-15', { kind: 'day', year: 2023, month: 6, day: 15 }],
    ['06-15', { kind: 'month-day', month: 6, day: 15 }],
    ['June 2023', { kind: 'month', year: 2023, month: 6 }],
    ['15 June', { kind: 'month-day', month: 6, day: 15 }],
    ['March 21, 2022', { kind: 'day', year: 2022, month: 3, day: 21 }],
    ['21 March 2022', { kind: 'day', year: 2022, month: 3, day: 21 }],
    ['june 15', { kind: 'month-day', month: 6, day: 15 }],
    ['02-29', { kind: 'month-day', month: 2, day: 29 }],
    ['2024-02-29', { kind: 'day', year: 2024, month: 2, day: 29 }],
    ['2023-6-1', { kind: 'day', year: 2023, month: 6, day: 1 }],
    ['June', { kind: 'calendar-month', month: 6 }],
  ])('on %s', (text, date) => {
    expect(command(`on ${text}`)).toEqual(on(date));
  });
});

describe('questions', () => {
  it.each<[string, DateQuery]>([
    ['what happened in June 2023?', { kind: 'month', year: 2023, month: 6 }],
    ['What happened in April 2023?', { kind: 'month', year: 2023, month: 4 }],
    ['anything from 2022-03-21?', { kind: 'day', year: 2022, month: 3, day: 21 }],
    ['anything in 2018?', { kind: 'year', year: 2018 }],
    ['what happened on March 21, 2022?', { kind: 'day', year: 2022, month: 3, day: 21 }],
    ['tell me about 15 June', { kind: 'month-day', month: 6, day: 15 }],
  ])('%j with a date asks `on`', (text, date) => {
    expect(command(text)).toEqual(on(date));
  });

  it.each<[string, string]>([
    ['anything on Lunit?', 'anything on Lunit'],
    ['news about drug discovery', 'news about drug discovery'],
    ['Lunit', 'Lunit'],
  ])('%j without a date searches', (text, words) => {
    expect(command(text)).toEqual({ kind: 'search', text: words });
  });

  it('"who is vuno?" without a date searches, and says it asks who', () => {
    expect(command('who is vuno?')).toEqual({ kind: 'search', text: 'who is vuno', asks: 'who' });
  });

  it('punctuation alone is help, not an empty search', () => {
    expect(command('?!')).toEqual({ kind: 'help' });
  });
});

describe('ranges', () => {
  const month = (year: number, m: number) => ({ precision: 'month' as const, year, month: m });
  const year = (y: number) => ({ precision: 'year' as const, year: y });

  it.each<[string, DateQuery]>([
    ['on 2023-03/2023-05', { kind: 'range', from: month(2023, 3), to: month(2023, 5), label: 'March 2023 to May 2023' }],
    ['on 2022/2023', { kind: 'range', from: year(2022), to: year(2023), label: '2022 to 2023' }],
    ['on 2022/..', { kind: 'range', from: year(2022), label: 'Since 2022' }],
    ['on ../2020-6', { kind: 'range', to: month(2020, 6), label: 'Up to June 2020' }],
    [
      'on 2022-03-21/2023',
      { kind: 'range', from: { precision: 'day', year: 2022, month: 3, day: 21 }, to: year(2023), label: '21 March 2022 to 2023' },
    ],
  ])('%j is an EDTF interval', (text, date) => {
    expect(command(text)).toEqual(on(date));
  });

  it('an interval that ends before it starts, or has an impossible end, says so', () => {
    const backwards = error('on 2023-05/2023-03');
    expect(backwards.message).toBe('2023-05/2023-03 ends before it starts');
    expect(backwards.suggestions).toEqual(['on 2023-03/2023-05']);
    expect(error('on 2023-02-30/2023-03').message).toMatch(/February 2023 has 28 days/);
  });

  it.each<[string, number, number, number, number, RegExp]>([
    ['what happened in spring 2023?', 2023, 3, 2023, 5, /^Spring 2023 \(March–May 2023: meteorological seasons, northern hemisphere\)$/],
    ['summer of 2022', 2022, 6, 2022, 8, /^Summer 2022/],
    ['autumn 2023', 2023, 9, 2023, 11, /^Autumn 2023/],
    ['anything in the fall 2021?', 2021, 9, 2021, 11, /^Fall 2021/],
    ['winter 2023', 2023, 12, 2024, 2, /^Winter 2023 \(December–February 2023 to 2024/],
    ['what happened in Q2 2023?', 2023, 4, 2023, 6, /^Q2 2023 \(April–June 2023\)$/],
    ['2023 q4', 2023, 10, 2023, 12, /^Q4 2023/],
    ['the second quarter of 2022', 2022, 4, 2022, 6, /^Q2 2022/],
    ['the first half of 2022', 2022, 1, 2022, 6, /^First half of 2022 \(January–June 2022\)$/],
    ['H2 2021', 2021, 7, 2021, 12, /^Second half of 2021/],
    ['what happened between March and May 2023?', 2023, 3, 2023, 5, /^March 2023 to May 2023$/],
    ['between May and March 2023', 2023, 3, 2023, 5, /^March 2023 to May 2023$/],
    ['from 2023-03 to 2023-06', 2023, 3, 2023, 6, /^March 2023 to June 2023$/],
    ['anything from early 2023?', 2023, 1, 2023, 4, /^Early 2023 \(January–April 2023\)$/],
    ['mid-2023 approvals', 2023, 5, 2023, 8, /^Mid 2023 \(May–August 2023\)$/],
    ['late 2022', 2022, 9, 2022, 12, /^Late 2022/],
    ['what happened at the end of 2022?', 2022, 9, 2022, 12, /^Late 2022/],
    ['the beginning of 2023', 2023, 1, 2023, 4, /^Early 2023/],
  ])('%j asks for a range of months', (text, fromYear, fromMonth, toYear, toMonth, label) => {
    const asked = command(text);
    expect(asked).toMatchObject({ kind: 'on', date: { kind: 'range', from: month(fromYear, fromMonth), to: month(toYear, toMonth) } });
    expect(asked.kind === 'on' && asked.date.kind === 'range' && asked.date.label).toMatch(label);
  });

  it.each<[string, DateQuery]>([
    ['anything since 2022?', { kind: 'range', from: year(2022), label: 'Since 2022' }],
    ['what happened before 2020?', { kind: 'range', to: year(2019), label: 'Before 2020' }],
    ['after June 2023', { kind: 'range', from: month(2023, 7), label: 'After June 2023' }],
    ['before January 2023', { kind: 'range', to: month(2022, 12), label: 'Before January 2023' }],
    ['what happened from 2021 to 2023?', { kind: 'range', from: year(2021), to: year(2023), label: '2021 to 2023' }],
    ['between 2022 and 2023', { kind: 'range', from: year(2022), to: year(2023), label: '2022 to 2023' }],
    ['the 2010s', { kind: 'range', from: year(2010), to: year(2019), label: 'The 2010s (2010 to 2019)' }],
    ['what happened in the 90s?', { kind: 'range', from: year(1990), to: year(1999), label: 'The 1990s (1990 to 1999)' }],
  ])('%j', (text, date) => {
    expect(command(text)).toEqual(on(date));
  });
});

describe('years that are targets, not the time asked about, are search words', () => {
  it('"how big will the market be by 2030?" (asking how many)', () => {
    expect(command('how big will the market be by 2030?')).toEqual({
      kind: 'search',
      text: 'how big will the market be by 2030',
      asks: 'how-many',
    });
  });

  it.each([
    ['$2.11 billion by 2030', '$2.11 billion by 2030'],
    ['medical devices plan to 2027', 'medical devices plan to 2027'],
    ['the 2023~2027 plan', 'the 2023~2027 plan'],
    ['the plan for 2023-2027', 'the plan for 2023-2027'],
    // A target, not the end of 2030 as a time asked about.
    ['market size by the end of 2030', 'market size by the end of 2030'],
    ['market size by end of 2030', 'market size by end of 2030'],
  ])('%j', (text, words) => {
    expect(command(text)).toEqual({ kind: 'search', text: words });
  });

  it('a dated question keeps its other words, to narrow the date or search when the date has nothing', () => {
    expect(command('what did Lunit do in 2019?')).toEqual({ ...on({ kind: 'year', year: 2019 }), words: 'Lunit' });
    expect(command('What did the MFDS and US FDA sign in May 2023?')).toEqual({
      ...on({ kind: 'month', year: 2023, month: 5 }),
      words: 'MFDS FDA sign',
    });
    expect(command('what happened in June 2023?')).toEqual(on({ kind: 'month', year: 2023, month: 6 }));
  });
});

describe('intents come before dates and search', () => {
  it.each<[string, Command]>([
    ['what happened today?', { kind: 'today' }],
    ['What happened today', { kind: 'today' }],
    ['on this day in history', { kind: 'today' }],
    ['today in history', { kind: 'today' }],
    ['anything happening today?', { kind: 'today' }],
    ['what happened yesterday?', { kind: 'today', offset: -1 }],
    ['tomorrow', { kind: 'today', offset: 1 }],
    ["what's coming up this week?", { kind: 'week' }],
    ["what's happening this week?", { kind: 'week' }],
    ["what's new?", { kind: 'latest', count: LATEST_DEFAULT }],
    ['latest news', { kind: 'latest', count: LATEST_DEFAULT }],
    ['What are the latest developments?', { kind: 'latest', count: LATEST_DEFAULT }],
    ['what topics do you cover?', { kind: 'themes' }],
    ['what can you do?', { kind: 'help' }],
    ['@Dateline what can you do?', { kind: 'help' }],
    ['hi', { kind: 'small-talk', topic: 'greeting' }],
    ['Thank you!', { kind: 'small-talk', topic: 'thanks' }],
    ['tell me a joke', { kind: 'small-talk', topic: 'joke' }],
    ["what's the weather today?", { kind: 'small-talk', topic: 'weather' }],
  ])('%j', (text, expected) => {
    expect(command(text)).toEqual(expected);
  });

  it('a phrasing inside a longer question is no intent: "what is new in ai" searches', () => {
    expect(command('what is new in ai?')).toEqual({ kind: 'search', text: 'what is new in ai' });
  });
});

describe('errors say what was wrong and what would work', () => {
  it('on 2023-02-30: February 2023 has 28 days', () => {
    const e = error('on 2023-02-30');
    expect(e.message).toBe('2023-02-30 is not a date: February 2023 has 28 days');
    expect(e.suggestions).toEqual(['on 2023-02']);
  });

  it('on 2023-13: a month is 01 to 12', () => {
    expect(error('on 2023-13').message).toMatch(/2023-13 is not a date: a month is 01 to 12/);
    expect(error('on 13-01').message).toMatch(/a month is 01 to 12/);
  });

  it('on 02-30 and on 2023-06-31: too many days for the month', () => {
    expect(error('on 02-30').message).toMatch(/February has at most 29 days/);
    expect(error('on 2023-06-31').message).toMatch(/June 2023 has 30 days/);
  });

  it('on 2023/06: names the form that works', () => {
    const e = error('on 2023/06');
    expect(e.message).toMatch(/2023-06/);
    expect(e.suggestions).toEqual(['on 2023-06']);
    expect(error('on 2023/06/15').suggestions).toEqual(['on 2023-06-15']);
  });

  it('on with no date, or words that are no date', () => {
    expect(error('on').message).toMatch(/Which date/);
    const e = error('on 12x');
    expect(e.message).toMatch(/"12x" is not a date/);
    expect(e.suggestions.length).toBeGreaterThan(0);
    // One word that is no date asks about that word (a question, not a refusal).
    expect(parseCommand('on blah', reference)).toEqual({ ok: true, command: { kind: 'search', text: 'blah' } });
  });

  it.each(['latest 999', 'latest 0', 'latest 21', 'latest -1', 'latest 2.5', 'latest five', 'latest 3 4'])(
    '%s: latest takes 1 to 20',
    (text) => {
      const e = error(text);
      expect(e.message).toMatch(new RegExp(`from 1 to ${LATEST_MAX}`));
      expect(e.suggestions).toContain(`latest ${LATEST_DEFAULT}`);
    },
  );

  it.each(['subscribe daily 25:00', 'subscribe daily 24:00', 'subscribe daily 23:60', 'subscribe weekly mon 99:99'])(
    '%s: not a time',
    (text) => {
      const e = error(text);
      expect(e.message).toMatch(/is not a time/);
      expect(e.message).toMatch(/HH:MM/);
    },
  );

  it('subscribe daily 09:00 Asia/Seol suggests Asia/Seoul', () => {
    const e = error('subscribe daily 09:00 Asia/Seol');
    expect(e.message).toMatch(/Asia\/Seol is not a time zone/);
    expect(e.message).toMatch(/did you mean Asia\/Seoul\?/);
    expect(e.suggestions.join(' ')).toContain('Asia/Seoul');
  });

  it('subscribe daily mon,funday: names the list and the forms that work', () => {
    const e = error('subscribe daily 09:00 mon,funday');
    expect(e.message).toBe('mon,funday is not a list of days: use weekdays, or days such as mon,wed,fri.');
    expect(e.suggestions).toEqual(['subscribe daily 09:00 weekdays', 'subscribe daily 09:00 mon,wed,fri']);
  });

  it('subscribe daily Europe/Lndon suggests Europe/London', () => {
    expect(error('subscribe daily Europe/Lndon').message).toMatch(/did you mean Europe\/London/);
  });

  it('subscribe needs a cadence, and each cadence has its own words', () => {
    expect(error('subscribe monthly').message).toMatch(/daily.*weekly/);
    expect(error('subscribe daily theme').message).toMatch(/"theme".*subscribe daily \[HH:MM\]/);
    expect(error('subscribe weekly quiet').message).toMatch(/"quiet".*subscribe weekly \[mon\.\.sun\]/);
    expect(error('subscribe weekly theme').message).toMatch(/Which theme/);
  });

  it('unsubscribe sometimes: say daily, weekly or all', () => {
    const e = error('unsubscribe sometimes');
    expect(e.message).toMatch(/daily, weekly or all/);
    expect(e.suggestions).toEqual(['unsubscribe daily', 'unsubscribe all']);
  });

  it('preview monthly: say daily or weekly', () => {
    expect(error('preview monthly').message).toMatch(/daily or weekly/);
    expect(error('preview').message).toMatch(/daily or weekly/);
    expect(error('preview daily theme imaging').message).toMatch(/preview weekly \[theme <id>\]/);
  });

  it('theme, fact and search need their argument', () => {
    expect(error('theme').message).toMatch(/Which theme/);
    expect(error('fact').message).toMatch(/Which fact/);
    expect(error('fact a b').message).toMatch(/Which fact/);
    expect(error('search').message).toMatch(/Search for what/);
  });

  it('5,000 characters of junk is too long, and the message says so with the limit', () => {
    const junk = Array.from({ length: 5_000 }, (_, i) => 'x7#é '[i % 5]).join('');
    const e = error(junk);
    expect(e.message).toMatch(/too long/);
    expect(e.message).toContain(String(MAX_INPUT_CHARS));
    expect(e.message.length).toBeLessThan(200);
  });

  it('a question with an impossible date says the date is impossible rather than widening it', () => {
    expect(error('what happened on 2023-02-30?').message).toMatch(/28 days/);
  });
});

describe('hostile text', () => {
  it('removes control and format characters before parsing', () => {
    expect(command('search\u0000lunit\u0007')).toEqual({ kind: 'search', text: 'lunit' });
    expect(command('on\t2023-06\r\n')).toEqual(on({ kind: 'month', year: 2023, month: 6 }));
    expect(command('\u202Eon 2023\u200B')).toEqual(on({ kind: 'year', year: 2023 }));
    expect(cleanInput('a\u0000\u001b[31mb\u0085c')).not.toMatch(/[\u0000-\u001f\u007f-\u009f]/);
  });

  it('control characters alone are the same as empty text', () => {
    expect(command('\u0000\u0001\u0002\u001f\u007f')).toEqual({ kind: 'today' });
  });

  it('a Slack broadcast mention is no command: it is asked as a question (search), not refused or run', () => {
    for (const text of ['<!channel>', '<!here>', '<@U123ABC>']) expect(command(text).kind, text).toBe('search');
  });
});
