// Answers lookup commands from the catalog as neutral Briefings.
import { addCalendarDays, calendarDayIn, type CalendarDay } from '../dates/calendar.ts';
import { daysInMonth, formatFactDate, monthName } from '../dates/fact-date.ts';
import type { Catalog } from '../facts/catalog.ts';
import type { Fact } from '../facts/types.ts';
import { factBriefing, factItem, factSection } from '../briefing/items.ts';
import { errorBriefing, notice, type Briefing, type BriefingSection } from '../briefing/model.ts';
import { LATEST_MAX, type Command, type DateQuery } from '../commands/types.ts';
import { dayTitle, themeBriefing } from '../digests/digests.ts';
import { factsOnDay } from '../digests/on-this-date.ts';

export const SEARCH_LIMIT = 10;
const DAYS_IN_WEEK = 7;

export type LookupCommand = Extract<Command, { kind: 'today' | 'on' | 'week' | 'themes' | 'theme' | 'search' | 'latest' | 'fact' }>;

export interface LookupContext {
  catalog: Catalog;
  now: Date;
  zone: string;
}

export function answerLookup(command: LookupCommand, context: LookupContext): Briefing {
  const { catalog } = context;
  const today = calendarDayIn(context.now, context.zone);
  switch (command.kind) {
    case 'today':
      return onThisDate(catalog, today);
    case 'on':
      return onDate(catalog, command.date, today);
    case 'week':
      return comingWeek(catalog, today);
    case 'themes':
      return themeList(catalog);
    case 'theme': {
      const theme = catalog.theme(command.themeId);
      if (!theme) return unknownTheme(catalog, command.themeId);
      return themeBriefing(catalog, theme);
    }
    case 'search':
      return search(catalog, command.text);
    case 'latest': {
      const latest = catalog.latest(command.count);
      const title = latest.length === 1 ? 'The most recent fact' : `The ${latest.length} most recent facts`;
      return factBriefing(title, [factSection(undefined, latest, { limit: LATEST_MAX })]);
    }
    case 'fact': {
      const fact = catalog.fact(command.id);
      if (!fact) return errorBriefing(`There is no fact "${command.id}".`, ['latest', `search ${command.id.replace(/-/g, ' ')}`]);
      const themes = fact.themes.map((id) => catalog.theme(id)?.title ?? id).join(', ');
      return factBriefing(fact.title, [{ items: [factItem(fact, { full: true })] }], `Themes: ${themes}`);
    }
  }
}

/** The latest year up to `year` in which the day exists: 29 February asks about the last leap year. */
function yearHaving(month: number, day: number, year: number): number {
  let candidate = year;
  while (day > daysInMonth(candidate, month)) candidate--;
  return candidate;
}

/** The reply to a theme id that does not exist; `suggest` turns a real id into a command to try. */
export function unknownTheme(catalog: Catalog, themeId: string, suggest = (id: string) => `theme ${id}`): Briefing {
  const ids = catalog.themes.map((theme) => theme.id);
  return errorBriefing(`"${themeId}" is not a theme. The themes are: ${ids.join(', ')}.`, ['themes', ...ids.slice(0, 2).map(suggest)]);
}

function onThisDate(catalog: Catalog, day: CalendarDay): Briefing {
  const { onDay, thisMonth } = factsOnDay(catalog, day);
  const title = `On this date — ${dayTitle(day)}`;
  if (onDay.length === 0 && thisMonth.length === 0) {
    return notice(title, `Nothing on record for ${dayTitle(day).replace(/ \d+$/, '')} or for ${monthName(day.month)} in our facts.`, ['week', 'latest']);
  }
  return factBriefing(title, [
    factSection('On this day', onDay, { anniversaryYear: day.year }),
    factSection('This month', thisMonth, { anniversaryYear: day.year }),
  ]);
}

function onDate(catalog: Catalog, date: DateQuery, today: CalendarDay): Briefing {
  switch (date.kind) {
    case 'month-day':
      return onThisDate(catalog, { year: yearHaving(date.month, date.day, today.year), month: date.month, day: date.day });
    case 'year':
      return listOrNothing(String(date.year), catalog.inYear(date.year), `on ${date.year}-06`);
    case 'month':
      return listOrNothing(formatFactDate({ precision: 'month', ...date }), catalog.inYearMonth(date.year, date.month));
    case 'calendar-month':
      return listOrNothing(`${monthName(date.month)}, any year`, catalog.inCalendarMonth(date.month));
    case 'day': {
      const label = formatFactDate({ precision: 'day', ...date });
      const inMonth = catalog.inYearMonth(date.year, date.month);
      const onDay = inMonth.filter((fact) => fact.date?.precision === 'day' && fact.date.day === date.day);
      const monthly = inMonth.filter((fact) => fact.date?.precision === 'month');
      if (onDay.length === 0 && monthly.length === 0) return nothingFor(label);
      return factBriefing(label, [
        factSection(`On ${label}`, onDay),
        factSection(`During ${formatFactDate({ precision: 'month', year: date.year, month: date.month })}`, monthly),
      ]);
    }
  }
}

function listOrNothing(label: string, facts: readonly Fact[], moreCommand?: string): Briefing {
  if (facts.length === 0) return nothingFor(label);
  return factBriefing(label, [factSection(undefined, facts, moreCommand ? { moreCommand } : {})]);
}

function nothingFor(label: string): Briefing {
  return notice(`Nothing on record for ${label}.`, undefined, ['latest', 'themes']);
}

function comingWeek(catalog: Catalog, today: CalendarDay): Briefing {
  const sections: BriefingSection[] = [];
  for (let offset = 0; offset < DAYS_IN_WEEK; offset++) {
    const day = addCalendarDays(today, offset);
    const { onDay, thisMonth } = factsOnDay(catalog, day);
    sections.push(factSection(dayTitle(day), [...onDay, ...(day.day === 1 ? thisMonth : [])], { anniversaryYear: day.year }));
  }
  const last = addCalendarDays(today, DAYS_IN_WEEK - 1);
  const title = `Anniversaries this week — ${dayTitle(today)} to ${dayTitle(last)}`;
  const briefing = factBriefing(title, sections);
  return briefing.sections.length > 0 ? briefing : notice(title, 'No anniversaries in the next 7 days.', ['latest', 'themes']);
}

function themeList(catalog: Catalog): Briefing {
  const items = catalog.themes.map((theme) => ({
    title: `${theme.title} (${catalog.inTheme(theme.id).length} facts)`,
    text: `${theme.description} — theme ${theme.id}`,
  }));
  return { kind: 'briefing', title: 'Themes', sections: [{ items }], suggestions: catalog.themes.slice(0, 1).map((theme) => `theme ${theme.id}`), sources: [] };
}

function search(catalog: Catalog, text: string): Briefing {
  const { hits, total } = catalog.search(text, SEARCH_LIMIT);
  if (hits.length === 0) return notice(`Nothing found for "${text}".`, 'Try other words, or browse a theme.', ['themes', 'latest']);
  const title = `Search: ${text}`;
  const intro = total > hits.length ? `The ${hits.length} best of ${total} results.` : `${total} result${total === 1 ? '' : 's'}.`;
  return factBriefing(title, [factSection(undefined, hits.map((hit) => hit.fact))], intro);
}
