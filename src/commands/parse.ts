// Parses text typed in Slack, Teams or the CLI into a typed Command, or a helpful error.
// Text that is not a command is a question: a known phrasing (intents.ts) is its command, a
// date or range in it asks `on`, anything else searches. A question that begins with a command
// word but does not parse as that command ("latest about Neurophet?") is read as a question; a
// Korean one is first read into the words the rest of the parser knows (korean.ts).
import { closest } from 'fastest-levenshtein';
import { isTimeZone, listTimeZones } from '../dates/calendar.ts';
import { contentText } from '../facts/words.ts';
import { intentOf } from './intents.ts';
import { findDateInQuestion, parseDateArgument } from './parse-date.ts';
import {
  type Asks,
  LATEST_DEFAULT,
  LATEST_MAX,
  MAX_INPUT_CHARS,
  type Cadence,
  type ClockTime,
  type Command,
  type ParseResult,
  type SubscribeCommand,
  type Weekday,
  WORKING_DAYS,
} from './types.ts';

const WEEKDAYS: Record<string, Weekday> = {
  mon: 1,
  monday: 1,
  tue: 2,
  tues: 2,
  tuesday: 2,
  wed: 3,
  wednesday: 3,
  thu: 4,
  thur: 4,
  thurs: 4,
  thursday: 4,
  fri: 5,
  friday: 5,
  sat: 6,
  saturday: 6,
  sun: 7,
  sunday: 7,
};

const ok = (command: Command): ParseResult => ({ ok: true, command });
const fail = (message: string, ...suggestions: string[]): ParseResult => ({ ok: false, error: { message, suggestions } });

/** Removes control characters and folds white space, so that no input can break a reply. */
export function cleanInput(text: string): string {
  return text
    .replace(/[\p{Cc}\p{Cf}]/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** How a question in Korean is read into the words the parser knows (see korean.ts); none reads it as typed. */
export type KoreanReader = (text: string) => string;

export function parseCommand(input: string, reference: Date, korean?: KoreanReader): ParseResult {
  const text = cleanInput(input);
  if (text.length > MAX_INPUT_CHARS) {
    return fail(
      `That is ${text.length} characters: too long for a command or a question (${MAX_INPUT_CHARS} at most).`,
      'search lunit',
      'help',
    );
  }
  const parsed = parseText(text, reference, korean);
  if (parsed.ok) return parsed;
  // A known phrasing that starts like a command ("on this day", "latest news") is that phrasing.
  const intent = intentOf(text);
  if (intent) return ok(intent);
  const asking = askedText(text);
  if (asking === undefined) return parsed;
  // A question that starts like a command ("on which day did…", "latest about Neurophet?") is still a question.
  const asked = question(asking, reference, korean);
  return asked.ok ? asked : parsed;
}

/** Lookup command words that also begin questions; their own errors stand for a bare argument ("latest 50", "on 2023-02-30"). */
const QUESTION_HEADS = new Set(['on', 'theme', 'latest', 'fact', 'today', 'week', 'themes']);
/** The question a text that failed as its command asks, if it reads as one: `on` and one word that is no date ("on lunit") asks about that word. */
function askedText(text: string): string | undefined {
  const [head = '', ...rest] = text.toLowerCase().split(' ');
  if (head === 'on' && rest.length === 1 && /^\p{L}{3,}$/u.test(rest[0]!)) return text.slice(3);
  const sentence = rest.length > 1 || /[?]$/.test(text);
  return QUESTION_HEADS.has(head) && sentence && rest.some((word) => /\p{L}{3}/u.test(word)) ? text : undefined;
}

function parseText(text: string, reference: Date, korean: KoreanReader | undefined): ParseResult {
  const [head = '', ...rest] = text.split(' ');
  const args = rest.join(' ');
  switch (head.toLowerCase()) {
    case '':
    case 'today':
      return rest.length === 0 ? ok({ kind: 'today' }) : question(text, reference, korean);
    case 'on':
      return args ? parseOn(args, reference) : fail('Which date? Give one after "on".', 'on 2023-06', 'on 06-15', 'on 2018');
    case 'week':
      return rest.length === 0 ? ok({ kind: 'week' }) : question(text, reference, korean);
    case 'themes':
      return rest.length === 0 ? ok({ kind: 'themes' }) : question(text, reference, korean);
    case 'theme':
      return rest.length === 1
        ? ok({ kind: 'theme', themeId: rest[0]!.toLowerCase() })
        : fail('Which theme? Give its id after "theme".', 'themes');
    case 'search':
      return args ? ok({ kind: 'search', ...paged(args) }) : fail('Search for what? Give a few words after "search".', 'search lunit');
    case 'latest':
      return parseLatest(rest);
    case 'fact':
      return rest.length === 1 ? ok({ kind: 'fact', id: rest[0]!.toLowerCase() }) : fail('Which fact? Give its id after "fact".', 'latest');
    case 'subscribe':
      return parseSubscribe(rest);
    case 'unsubscribe':
      return parseUnsubscribe(rest);
    case 'subscriptions':
      return ok({ kind: 'subscriptions' });
    case 'preview':
      return parsePreview(rest);
    case 'help':
    case '?':
      return ok({ kind: 'help' });
    default:
      return question(text, reference, korean);
  }
}

/** "lunit page 2": the text, and the page asked for when it is past the first. */
function paged(args: string): { text: string; page?: number } {
  const match = /^(.+?)\s+page\s+(\d{1,3})$/i.exec(args);
  const page = match ? Number(match[2]) : 1;
  return match && page > 1 ? { text: match[1]!, page } : { text: args };
}

function parseOn(args: string, reference: Date): ParseResult {
  const { text, page } = paged(args);
  const parsed = parseDateArgument(text, reference);
  return parsed.ok ? ok({ kind: 'on', date: parsed.date, ...(page ? { page } : {}) }) : { ok: false, error: parsed.error };
}

/** Sentence punctuation only: "$2.11" keeps its point. */
const withoutPunctuation = (text: string) =>
  text
    .replace(/[?!.,;:]+(?=\s|$)/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();

/** Question words whose answer is one thing, read from the question's start. */
const ASKS: [RegExp, Asks][] = [
  [/^(?:so\s+|and\s+)?(?:when|what\s+(?:year|month|date|day)|which\s+(?:year|month|date|day)|on\s+which\s+(?:day|date))\b/i, 'when'],
  [
    /^(?:so\s+|and\s+)?(?:who|whom|whose|which\s+(?:company|companies|firm|firms|hospital|organi[sz]ation)|(?:what(?:'s|\s+is|\s+was|\s+are)\s+)?the\s+names?\s+of\s)/i,
    'who',
  ],
  [/^(?:so\s+|and\s+)?how\s+(?:many|much|big|large|fast|long)\b/i, 'how-many'],
  [
    /^(?:so\s+|and\s+)?(?:what(?:'s|\s+is)\s+)?(?:the\s+)?(?:latest|newest|most\s+recent)(?:\s+(?:news|updates?))?\s+(?:on|about|from|for|with|regarding)\s+/i,
    'latest',
  ],
];
/** Words that ask for a lookup rather than name its subject, at a question's start ("show me Lunit news", "define INFRAM"). */
const ASKING =
  /^(?:(?:can|could)\s+you\s+)?(?:show(?:\s+me)?|find(?:\s+me)?|search(?:\s+for)?|look\s+up|define|summari[sz]e|compare|quote|list|give\s+me|explain|describe|digest:?|(?:what\s+is\s+)?the\s+status\s+of|status\s+of|(?:the\s+)?themes?\s+(?:of|for))\s+/i;
/** What a question calls the facts or the list it asks for ("the Bertis story", "imaging approvals roundup"): no word of a fact. */
const STORY =
  /\s+(?:story|stories|article|articles|item|items|roundup|round-up|overview|recap|rundown|summary|highlights|timeline|run-down)$/i;
const HANGUL = /\p{Script=Hangul}/u;
/** "recently", "lately": with nothing else asked, the newest facts. */
const RECENTLY = /\b(?:recent|recently|lately|of\s+late)\b/i;

/** "Anything new this week?" asks for facts dated this week, not for the week's anniversaries (relative-date.ts). */
const NEW_THIS_WEEK = /\bnew\s+this\s+week\b/i;

function question(typed: string, reference: Date, korean: KoreanReader | undefined): ParseResult {
  const intent = NEW_THIS_WEEK.test(typed) ? undefined : intentOf(typed);
  if (intent) return ok(intent);
  const text = korean && HANGUL.test(typed) ? korean(typed) : typed;
  const koreanIntent = text === typed ? undefined : intentOf(text);
  if (koreanIntent) return ok(koreanIntent);
  const asking = ASKS.find(([pattern]) => pattern.test(text));
  const asks = asking?.[1];
  const shaped = asks ? { asks } : {};
  // "when", "latest on" and "the name of" name nothing a fact says: the answer's headline is what they ask for.
  const strips = asks === 'when' || asks === 'latest' || /\sof\s$/.test(asking?.[0].exec(text)?.[0] ?? '');
  const plain = (words: string) => (asking && strips ? words.replace(asking[0], '').trim() : words);
  const found = findDateInQuestion(text, reference);
  if (found) {
    if (!found.parse.ok) return { ok: false, error: found.parse.error };
    const words = contentText(withoutPunctuation(plain(found.rest).replace(ASKING, '')));
    return ok({ kind: 'on', date: found.parse.date, ...(words ? { words } : {}), ...shaped });
  }
  const words = withoutPunctuation(plain(text).replace(ASKING, '')).replace(STORY, '');
  if (RECENTLY.test(words) && contentText(words) === '') return ok({ kind: 'latest', count: LATEST_DEFAULT });
  return words ? ok({ kind: 'search', text: words, ...shaped }) : ok({ kind: 'help' });
}

function parseLatest(rest: string[]): ParseResult {
  if (rest.length === 0) return ok({ kind: 'latest', count: LATEST_DEFAULT });
  const count = Number(rest[0]);
  if (rest.length > 1 || !Number.isInteger(count) || count < 1 || count > LATEST_MAX) {
    return fail(`"latest" takes a number from 1 to ${LATEST_MAX}.`, `latest ${LATEST_DEFAULT}`, `latest ${LATEST_MAX}`);
  }
  return ok({ kind: 'latest', count });
}

function parseCadence(word: string | undefined): Cadence | undefined {
  const lower = word?.toLowerCase();
  return lower === 'daily' || lower === 'weekly' ? lower : undefined;
}

function parseSubscribe(rest: string[]): ParseResult {
  if (rest.length === 0) return ok({ kind: 'subscription-form' });
  const cadence = parseCadence(rest[0]);
  if (!cadence) return fail('Subscribe to what? Say "daily" or "weekly".', 'subscribe daily', 'subscribe weekly');
  const command: SubscribeCommand = cadence === 'daily' ? { kind: 'subscribe', cadence, quiet: false } : { kind: 'subscribe', cadence };
  const words = rest.slice(1);
  for (let i = 0; i < words.length; i++) {
    const word = words[i]!;
    const lower = word.toLowerCase();
    if (/^\d{1,2}:\d{1,2}$/.test(word)) {
      const time = parseClockTime(word);
      if (!time) return fail(`${word} is not a time: use HH:MM on a 24-hour clock, from 00:00 to 23:59.`, `subscribe ${cadence} 09:00`);
      command.time = time;
    } else if (word.includes('/') || lower === 'utc') {
      const zone = canonicalZone(word);
      if (!zone) return fail(zoneMessage(word), `subscribe ${cadence} 09:00 Asia/Seoul`);
      command.zone = zone;
    } else if (command.cadence === 'daily' && lower === 'quiet') {
      command.quiet = true;
    } else if (command.cadence === 'daily' && (lower === 'weekdays' || lower.split(',').some((day) => WEEKDAYS[day]))) {
      const days = lower === 'weekdays' ? WORKING_DAYS : parseDays(lower);
      if (!days)
        return fail(
          `${word} is not a list of days: use weekdays, or days such as mon,wed,fri.`,
          'subscribe daily 09:00 weekdays',
          'subscribe daily 09:00 mon,wed,fri',
        );
      command.days = days;
    } else if (command.cadence === 'weekly' && WEEKDAYS[lower]) {
      command.weekday = WEEKDAYS[lower];
    } else if (command.cadence === 'weekly' && lower === 'theme') {
      const themeId = words[++i];
      if (!themeId) return fail('Which theme? Give its id after "theme".', 'themes');
      command.themeId = themeId.toLowerCase();
    } else {
      const usage =
        cadence === 'daily'
          ? 'subscribe daily [HH:MM] [Zone/Name] [weekdays|mon,wed,...] [quiet]'
          : 'subscribe weekly [mon..sun] [HH:MM] [Zone/Name] [theme <id>]';
      return fail(
        `I don't know "${word}" here. Use: ${usage}`,
        cadence === 'daily' ? 'subscribe daily 09:00 Asia/Seoul' : 'subscribe weekly mon 09:00',
      );
    }
  }
  return ok(command);
}

/** "mon,wed,fri" as weekdays in week order, or undefined if any part is not a day. */
function parseDays(text: string): Weekday[] | undefined {
  const days = text
    .split(',')
    .filter(Boolean)
    .map((day) => WEEKDAYS[day]);
  if (days.length === 0 || days.some((day) => day === undefined)) return undefined;
  return [...new Set(days as Weekday[])].sort((a, b) => a - b);
}

function parseClockTime(text: string): ClockTime | undefined {
  const [hour, minute] = text.split(':').map(Number) as [number, number];
  return hour <= 23 && minute <= 59 ? { hour, minute } : undefined;
}

/** The zone name as the runtime spells it ("asia/seoul" → "Asia/Seoul"), if it is one. */
export function canonicalZone(word: string): string | undefined {
  const lower = word.toLowerCase();
  if (lower === 'utc') return 'UTC';
  return listTimeZones().find((zone) => zone.toLowerCase() === lower) ?? (isTimeZone(word) ? word : undefined);
}

function zoneMessage(word: string): string {
  const guess = closest(word, listTimeZones());
  return `${word} is not a time zone — did you mean ${guess}?`;
}

function parseUnsubscribe(rest: string[]): ParseResult {
  if (rest.length === 0) return ok({ kind: 'unsubscribe', which: 'all' });
  const which = rest[0]!.toLowerCase();
  if (rest.length === 1 && (which === 'daily' || which === 'weekly' || which === 'all')) return ok({ kind: 'unsubscribe', which });
  return fail('Unsubscribe from what? Say daily, weekly or all.', 'unsubscribe daily', 'unsubscribe all');
}

function parsePreview(rest: string[]): ParseResult {
  const cadence = parseCadence(rest[0]);
  if (!cadence) return fail('Preview which digest? Say daily or weekly.', 'preview daily', 'preview weekly');
  if (rest.length === 1) return ok({ kind: 'preview', cadence });
  if (cadence === 'weekly' && rest.length === 3 && rest[1]!.toLowerCase() === 'theme') {
    return ok({ kind: 'preview', cadence, themeId: rest[2]!.toLowerCase() });
  }
  return fail('Use: preview daily, or preview weekly [theme <id>].', 'preview daily', 'preview weekly');
}
