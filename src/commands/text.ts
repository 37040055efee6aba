// A list's next page as command-language text, for people to read and type: the typed command a
// cut list carries (`BriefingSection.more`) and the words that ask for it again ("search korea
// page 2", "on 2023-03/2023-05 page 2", "latest 20"). Parsing that text gives the same command
// back (tests/unit/command-text.test.ts), so a button that carries the typed command and the text
// shown beside it always ask for the same thing.
import { factDateText, monthName } from '../dates/fact-date.ts';
import type { Command, DateQuery } from './types.ts';

/** The lookups a cut list names for its rest. */
export type PageCommand = Extract<Command, { kind: 'today' | 'on' | 'search' | 'latest' }>;

const pad = (n: number) => String(n).padStart(2, '0');

/** A date as the argument of `on` that asks for it again ("2023", "2023-06", "06-15", "2023-03/2023-05", "last spring"). */
function dateText(date: DateQuery): string {
  switch (date.kind) {
    case 'year':
      return factDateText({ ...date, precision: 'year' });
    case 'month':
      return factDateText({ ...date, precision: 'month' });
    case 'day':
      return factDateText({ ...date, precision: 'day' });
    case 'month-day':
      return `${pad(date.month)}-${pad(date.day)}`;
    case 'calendar-month':
      return monthName(date.month);
    case 'range':
      return `${date.from ? factDateText(date.from) : '..'}/${date.to ? factDateText(date.to) : '..'}`;
    case 'relative':
      return date.phrase;
  }
}

const paged = (text: string, page: number | undefined) => (page && page > 1 ? `${text} page ${page}` : text);

/** The command-language text of a page command (what a person would type for it). */
export function commandText(command: PageCommand): string {
  switch (command.kind) {
    case 'today':
      return command.offset === -1 ? 'yesterday' : command.offset === 1 ? 'tomorrow' : 'today';
    case 'latest':
      return `latest ${command.count}`;
    case 'search':
      return paged(`search ${command.text}`, command.page);
    case 'on':
      return paged(`on ${dateText(command.date)}`, command.page);
  }
}
