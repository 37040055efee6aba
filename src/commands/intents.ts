// The phrasings that mean a command, checked before a question is read for a date or searched:
// one table, so that a new phrasing is a new row rather than new code. Each phrasing is matched
// against the whole question, lower-cased, without punctuation and without a leading "dateline".
import { contentWords } from '../facts/words.ts';
import { LATEST_DEFAULT, type Command } from './types.ts';

const INTENTS: [Command, string[]][] = [
  // Small talk first: "what's the weather today?" is about the weather, not about today.
  [{ kind: 'small-talk', topic: 'weather' }, ['.*\\bweather\\b.*', '.*\\b(?:rain|raining|sunny|snowing)\\b.*', '.*날씨.*']],
  [
    { kind: 'small-talk', topic: 'greeting' },
    ['(?:hi|hello|hey|hiya|howdy|yo|greetings|good (?:morning|afternoon|evening|day))(?: there| all| everyone)?', '안녕(?:하세요)?'],
  ],
  [
    { kind: 'small-talk', topic: 'how-are-you' },
    ['how are you(?: doing| today)?', 'how s it going', 'how is it going', 'what s up', 'sup'],
  ],
  [
    { kind: 'small-talk', topic: 'thanks' },
    ['(?:great |ok |okay )?(?:thanks?|thank you|thx|ty|cheers)(?: so much| a lot| very much)?', '감사합니다', '고마워(?:요)?'],
  ],
  [{ kind: 'small-talk', topic: 'farewell' }, ['(?:bye|goodbye|bye bye|see you|see ya|good night|later)']],
  [
    { kind: 'small-talk', topic: 'joke' },
    ['(?:tell|say) (?:me )?(?:a |another )?joke', '(?:a |any )?jokes?', 'say something funny', 'make me laugh', 'know any jokes'],
  ],
  [{ kind: 'small-talk', topic: 'who-are-you' }, ['who are you', 'what are you', 'who made you', 'what is dateline', 'who is dateline']],
  [
    { kind: 'today', offset: -1 },
    [
      '(?:what )?(?:happened|was on) yesterday(?: in history)?',
      'yesterday(?: in history)?',
      'anything (?:from |on |for )?yesterday',
      'what about yesterday',
      '(?:any )?anniversaries yesterday',
    ],
  ],
  [
    { kind: 'today', offset: 1 },
    [
      'tomorrow(?: in history)?',
      'what (?:is|s) (?:on |happening |coming )?tomorrow',
      '(?:any )?anniversaries tomorrow',
      'what happened on this day tomorrow',
      'anything (?:on |for )?tomorrow',
    ],
  ],
  [
    { kind: 'today' },
    [
      '(?:what )?(?:has |have )?happened today(?: in history)?',
      '(?:what happened )?on this (?:day|date)(?: in history)?',
      '(?:this day|today) in history',
      '(?:any )?anniversaries(?: today| on this day)?',
      'today s anniversaries',
      'what (?:is|s) on today',
      'anything (?:on |for )?today',
      'what happened on this day in (?:the )?past(?: years)?',
      'what happened today in (?:the )?past(?: years)?',
      'today s (?:briefing|facts)',
      '오늘',
    ],
  ],
  [
    { kind: 'week' },
    [
      '(?:what (?:is|s) )?(?:on )?this week',
      'this week in history',
      'what happened this week(?: in history)?',
      '(?:any )?anniversaries (?:this|next) week',
      '(?:upcoming|coming) anniversaries',
      'what (?:is|s) (?:coming up|upcoming|ahead)(?: this week)?',
      'coming up(?: this week)?',
      '(?:the )?(?:next|coming) (?:7|seven) days',
      '(?:the )?week ahead',
      '이번 ?주',
    ],
  ],
  [
    { kind: 'latest', count: LATEST_DEFAULT },
    [
      'what (?:is|s) new',
      'anything new',
      'what (?:is|s) the latest',
      '(?:what are )?(?:the )?(?:latest|newest|most recent)(?: news| developments| updates| facts| events)?',
      '(?:any )?(?:recent|latest) (?:news|developments|updates|facts|events)',
      'what happened (?:recently|lately)',
      '(?:any )?news',
      '최신(?: 소식)?',
      '최근 소식',
    ],
  ],
  [
    { kind: 'themes' },
    [
      'what (?:topics|themes|subjects|areas) do you (?:cover|know about|have)',
      'what do you (?:cover|know about|know)',
      'which (?:topics|themes|subjects)(?: do you cover| are there)?',
      'what (?:topics|themes|subjects) (?:are there|can i ask about)',
      '(?:list )?(?:the |all )?(?:topics|subjects)',
      'what are you about',
      'what is this about',
    ],
  ],
  [
    { kind: 'help' },
    [
      'what can you do',
      'what can i ask(?: you)?',
      'how (?:does this|do you) work',
      'how do i use (?:this|you|dateline|it)',
      'how to use(?: this| you| dateline| it)?',
      '(?:list )?(?:the |all )?commands',
      'what are the commands',
      'help me',
      'usage',
      'instructions',
      '도움말',
    ],
  ],
];

const COMPILED = INTENTS.map(([command, phrasings]) => ({ command, pattern: new RegExp(`^(?:${phrasings.join('|')})$`, 'u') }));

/**
 * Questions whose only content words name a day or the week, whatever the words around them
 * ("anything happening today?", "what's going on this week?"): keyed by those content words.
 */
const TIME_WORDS: [Command, string[]][] = [
  [{ kind: 'today' }, ['today', 'today history', 'day history', 'date history', 'anniversaries today', 'today anniversaries']],
  [{ kind: 'today', offset: -1 }, ['yesterday', 'yesterday history']],
  [{ kind: 'today', offset: 1 }, ['tomorrow', 'tomorrow history']],
  [{ kind: 'week' }, ['week', 'week history', 'anniversaries week', 'week anniversaries', 'coming week', 'next week']],
];
const BY_TIME_WORDS = new Map(TIME_WORDS.flatMap(([command, keys]) => keys.map((key) => [contentWords(key).join(' '), command] as const)));

/** A question as the intents table reads it: "What's new, Dateline?" → "what s new". */
function normalize(text: string): string {
  return text
    .toLowerCase()
    .replace(/[\p{P}\p{S}]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/\b(?:dateline|please)\b/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The command a question means, when it is one of the known phrasings. */
export function intentOf(text: string): Command | undefined {
  const normalized = normalize(text);
  if (!normalized) return undefined;
  const command =
    COMPILED.find(({ pattern }) => pattern.test(normalized))?.command ?? BY_TIME_WORDS.get(contentWords(normalized).join(' '));
  return command && { ...command };
}
