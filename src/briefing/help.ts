// The help briefing: every command of the command language with one line on what it does;
// and the short replies to small talk, which list no facts but say what to try.
import type { SmallTalk } from '../commands/types.ts';
import { notice, type Briefing } from './model.ts';

const LOOKUPS: [string, string][] = [
  ['today', 'what happened on this date in earlier years'],
  ['on <date>', 'a year, month or day: on 2023, on 2023-06, on 06-15, on June 2023, on March 21, 2022'],
  ['on <from>/<to>', 'a range: on 2023-03/2023-05, on 2022/2023, on 2022/..; or ask "what happened in spring 2023?"'],
  ['week', 'anniversaries in the next 7 days'],
  ['themes', 'the themes, with how many facts each has'],
  ['theme <id>', 'everything on one theme, newest first'],
  ['search <words>', 'the ten best matches; typos are forgiven'],
  ['latest [n]', 'the n most recent facts (5 unless you say, at most 20)'],
  ['fact <id>', 'one fact in full, with the quote it rests on and its source'],
];

const DIGESTS: [string, string][] = [
  [
    'subscribe daily [HH:MM] [Zone/Name] [weekdays|mon,wed,...] [quiet]',
    'an "on this date" digest here every day, or on the days you name (09:00 unless you say)',
  ],
  ['subscribe weekly [mon..sun] [HH:MM] [Zone/Name] [theme <id>]', 'a thematic digest here every week (Monday 09:00 unless you say)'],
  ['subscribe', 'set up either digest with a form (in Slack and Teams)'],
  ['unsubscribe [daily|weekly|all]', 'stop digests in this channel'],
  ['subscriptions', "this channel's digests and when each runs next"],
  ['preview daily|weekly [theme <id>]', 'see a digest now, without subscribing'],
];

const toItems = (rows: [string, string][]) => rows.map(([title, text]) => ({ title, text }));

export function helpBriefing(intro?: string): Briefing {
  return {
    kind: 'help',
    title: 'Dateline: briefings from dated, sourced facts',
    intro: intro ?? 'Ask with a command below, or just ask a question such as “what happened in June 2023?” or “anything on Lunit?”.',
    sections: [
      { heading: 'Look things up', items: toItems(LOOKUPS) },
      { heading: 'Digests in this channel', items: toItems(DIGESTS) },
    ],
    suggestions: ['today', 'search lunit', 'theme imaging'],
    sources: [],
    offersForm: true,
  };
}

const SMALL_TALK: Record<SmallTalk, string> = {
  greeting: 'Hello! I am Dateline: I answer with dated, sourced facts.',
  'how-are-you': 'All well, thank you, and ready with facts.',
  thanks: 'You are welcome.',
  farewell: 'Goodbye! Ask again any time.',
  joke: 'I only know facts, and none of them is a joke.',
  weather: 'I do not know the weather: I answer only from dated, sourced facts.',
  'who-are-you': 'I am Dateline: briefings from dated, sourced facts.',
};

/** A short friendly reply to small talk, with lookups that always have an answer. */
export function smallTalkBriefing(topic: SmallTalk): Briefing {
  return notice(SMALL_TALK[topic], 'Ask me what happened on this date, what is new, or about a name or a theme.', [
    'today',
    'latest',
    'themes',
  ]);
}
