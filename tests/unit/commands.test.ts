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
    ['subscribe daily 00:00 Europe/London quiet', { kind: 'subscribe', cadence: 'daily', quiet: true, time: { hour: 0, minute: 0 }, zone: 'Europe/London' }],
    ['subscribe daily quiet 23:59 Asia/Seoul', { kind: 'subscribe', cadence: 'daily', quiet: true, time: { hour: 23, minute: 59 }, zone: 'Asia/Seoul' }],
    ['subscribe weekly', { kind: 'subscribe', cadence: 'weekly' }],
    ['subscribe weekly fri 10:30 Europe/London theme imaging', { kind: 'subscribe', cadence: 'weekly', weekday: 5, time: { hour: 10, minute: 30 }, zone: 'Europe/London', themeId: 'imaging' }],
    ['subscribe weekly Sunday', { kind: 'subscribe', cadence: 'weekly', weekday: 7 }],
    ['subscribe weekly mon theme Market', { kind: 'subscribe', cadence: 'weekly', weekday: 1, themeId: 'market' }],
    ['unsubscribe', { kind: 'unsubscribe', which: 'all' }],
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
    const names: [string, number][] = [['mon', 1], ['tuesday', 2], ['wed', 3], ['thu', 4], ['friday', 5], ['sat', 6], ['sun', 7]];
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
    ['who is vuno?', 'who is vuno'],
    ['news about drug discovery', 'news about drug discovery'],
    ['Lunit', 'Lunit'],
  ])('%j without a date searches', (text, words) => {
    expect(command(text)).toEqual({ kind: 'search', text: words });
  });

  it('punctuation alone is help, not an empty search', () => {
    expect(command('?!')).toEqual({ kind: 'help' });
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
    const e = error('on blah');
    expect(e.message).toMatch(/"blah" is not a date/);
    expect(e.suggestions.length).toBeGreaterThan(0);
  });

  it.each(['latest 999', 'latest 0', 'latest 21', 'latest -1', 'latest 2.5', 'latest five', 'latest 3 4'])('%s: latest takes 1 to 20', (text) => {
    const e = error(text);
    expect(e.message).toMatch(new RegExp(`from 1 to ${LATEST_MAX}`));
    expect(e.suggestions).toContain(`latest ${LATEST_DEFAULT}`);
  });

  it.each(['subscribe daily 25:00', 'subscribe daily 24:00', 'subscribe daily 23:60', 'subscribe weekly mon 99:99'])('%s: not a time', (text) => {
    const e = error(text);
    expect(e.message).toMatch(/is not a time/);
    expect(e.message).toMatch(/HH:MM/);
  });

  it('subscribe daily 09:00 Asia/Seol suggests Asia/Seoul', () => {
    const e = error('subscribe daily 09:00 Asia/Seol');
    expect(e.message).toMatch(/Asia\/Seol is not a time zone/);
    expect(e.message).toMatch(/did you mean Asia\/Seoul\?/);
    expect(e.suggestions.join(' ')).toContain('Asia/Seoul');
  });

  it('subscribe daily Europe/Lndon suggests Europe/London', () => {
    expect(error('subscribe daily Europe/Lndon').message).toMatch(/did you mean Europe\/London/);
  });

  it('subscribe needs a cadence, and each cadence has its own words', () => {
    expect(error('subscribe').message).toMatch(/daily.*weekly/);
    expect(error('subscribe monthly').message).toMatch(/daily.*weekly/);
    expect(error('subscribe daily mon').message).toMatch(/"mon".*subscribe daily \[HH:MM\]/);
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
