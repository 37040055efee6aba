// The help briefing: every command of the command language with one line on what it does.
import type { Briefing } from './model.ts';

const LOOKUPS: [string, string][] = [
  ['today', 'what happened on this date in earlier years'],
  ['on <date>', 'a year, month or day: on 2023, on 2023-06, on 06-15, on June 2023, on March 21, 2022'],
  ['week', 'anniversaries in the next 7 days'],
  ['themes', 'the themes, with how many facts each has'],
  ['theme <id>', 'everything on one theme, newest first'],
  ['search <words>', 'the ten best matches; typos are forgiven'],
  ['latest [n]', 'the n most recent facts (5 unless you say, at most 20)'],
  ['fact <id>', 'one fact in full, with the quote it rests on and its source'],
];

const DIGESTS: [string, string][] = [
  ['subscribe daily [HH:MM] [Zone/Name] [quiet]', 'an "on this date" digest here every day (09:00 unless you say)'],
  ['subscribe weekly [mon..sun] [HH:MM] [Zone/Name] [theme <id>]', 'a thematic digest here every week (Monday 09:00 unless you say)'],
  ['unsubscribe [daily|weekly|all]', 'stop digests in this channel'],
  ['subscriptions', "this channel's digests and when each runs next"],
  ['preview daily|weekly [theme <id>]', 'see a digest now, without subscribing'],
];

const toItems = (rows: [string, string][]) => rows.map(([title, text]) => ({ title, text }));

export function helpBriefing(intro?: string): Briefing {
  return {
    kind: 'help',
    title: 'Dateline: briefings from dated, sourced facts',
    intro: intro ?? 'Ask with a command below, or just ask a question such as “what happened in June 2023?”.',
    sections: [
      { heading: 'Look things up', items: toItems(LOOKUPS) },
      { heading: 'Digests in this channel', items: toItems(DIGESTS) },
    ],
    suggestions: ['today', 'search lunit', 'theme imaging'],
    sources: [],
  };
}
