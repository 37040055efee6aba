// Answers lookup commands from the catalog as neutral Briefings. No lookup of today or the
// week is a dead end: with nothing on the date it shows what comes next and one archive fact.
import { addCalendarDays, calendarDayIn, type CalendarDay } from '../dates/calendar.ts';
import { daysInMonth, formatFactDate, monthName } from '../dates/fact-date.ts';
import type { Catalog } from '../facts/catalog.ts';
import type { Fact } from '../facts/types.ts';
import { factBriefing, factItem, factSection } from '../briefing/items.ts';
import { errorBriefing, notice, type Briefing, type BriefingSection } from '../briefing/model.ts';
import { LATEST_MAX, type Command, type DateQuery } from '../commands/types.ts';
import type { ArchiveRotation } from '../digests/archive.ts';
import { dayTitle, themeBriefing } from '../digests/digests.ts';
import { dueOnDay, factsOnDay } from '../digests/on-this-date.ts';

export const SEARCH_LIMIT = 10;
const DAYS_IN_WEEK = 7;
/** How many anniversaries ahead a day or week with none shows. */
const COMING_UP_COUNT = 3;
const DAYS_IN_LEAP_YEAR = 366;

export type LookupCommand = Extract<Command, { kind: 'today' | 'on' | 'week' | 'themes' | 'theme' | 'search' | 'latest' | 'fact' }>;

export interface LookupContext {
  catalog: Catalog;
  now: Date;
  zone: string;
  /** The daily digest's archive rotation: the fact a quiet day shows. */
  archive: ArchiveRotation;
}

/** Which facts of a date lookup to keep: all, or those a question's other words found. */
type Keep = (fact: Fact) => boolean;
const everyFact: Keep = () => true;

/** Whether the answer to a lookup searches the facts' words, and so needs the search index. */
export function searches(command: LookupCommand): boolean {
  return command.kind === 'search' || (command.kind === 'on' && command.words !== undefined);
}

export function answerLookup(command: LookupCommand, context: LookupContext): Briefing {
  const { catalog, archive } = context;
  const today = calendarDayIn(context.now, context.zone);
  switch (command.kind) {
    case 'today':
      return onThisDate(catalog, addCalendarDays(today, command.offset ?? 0), archive);
    case 'on':
      return command.words ? onDateAbout(catalog, command.date, command.words, today) : onDate(catalog, command.date, today);
    case 'week':
      return comingWeek(catalog, today, archive);
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

function onThisDate(catalog: Catalog, day: CalendarDay, archive?: ArchiveRotation, keep: Keep = everyFact): Briefing {
  const { onDay, thisMonth } = factsOnDay(catalog, day);
  const title = `On this date — ${dayTitle(day)}`;
  const sections = [
    factSection('On this day', onDay.filter(keep), { anniversaryYear: day.year }),
    factSection('This month', thisMonth.filter(keep), { anniversaryYear: day.year }),
  ];
  if (sections.some((section) => section.items.length > 0)) return factBriefing(title, sections);
  const nothing = `Nothing on record for ${dayTitle(day).replace(/ \d+$/, '')} or for ${monthName(day.month)} in our facts.`;
  if (!archive) return notice(title, nothing, ['week', 'latest']);
  return factBriefing(title, [...comingUp(catalog, day), ...fromArchive(archive, day)], nothing);
}

/** The nearest anniversaries after `day`, with the days they fall on: what a quiet date can look forward to. */
function comingUp(catalog: Catalog, after: CalendarDay): BriefingSection[] {
  const sections: BriefingSection[] = [];
  let found = 0;
  for (let offset = 1; offset <= DAYS_IN_LEAP_YEAR && found < COMING_UP_COUNT; offset++) {
    const day = addCalendarDays(after, offset);
    const due = dueOnDay(catalog, day);
    const facts = [...due.onDay, ...due.thisMonth];
    if (facts.length === 0) continue;
    sections.push(factSection(`Coming up — ${dayTitle(day)}`, facts, { anniversaryYear: day.year, limit: COMING_UP_COUNT - found }));
    found += facts.length;
  }
  return sections;
}

function fromArchive(archive: ArchiveRotation, day: CalendarDay): BriefingSection[] {
  const fact = archive.factFor(day);
  return fact ? [factSection('From the archive', [fact])] : [];
}

/** How an `on` lookup names its date in a title. */
function describeDate(date: DateQuery, today: CalendarDay): string {
  switch (date.kind) {
    case 'month-day':
      return dayTitle({ year: yearHaving(date.month, date.day, today.year), month: date.month, day: date.day });
    case 'year':
      return String(date.year);
    case 'month':
      return formatFactDate({ precision: 'month', ...date });
    case 'calendar-month':
      return `${monthName(date.month)}, any year`;
    case 'day':
      return formatFactDate({ precision: 'day', ...date });
    case 'range':
      return date.label;
  }
}

function onDate(catalog: Catalog, date: DateQuery, today: CalendarDay, keep: Keep = everyFact): Briefing {
  const label = describeDate(date, today);
  switch (date.kind) {
    case 'month-day':
      return onThisDate(catalog, { year: yearHaving(date.month, date.day, today.year), month: date.month, day: date.day }, undefined, keep);
    case 'year':
      return listOrNothing(label, catalog.inYear(date.year).filter(keep), `on ${date.year}-06`);
    case 'month':
      return listOrNothing(label, catalog.inYearMonth(date.year, date.month).filter(keep));
    case 'calendar-month':
      return listOrNothing(label, catalog.inCalendarMonth(date.month).filter(keep));
    case 'range':
      return listOrNothing(label, catalog.inRange(date.from, date.to).filter(keep));
    case 'day': {
      const inMonth = catalog.inYearMonth(date.year, date.month).filter(keep);
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

/**
 * A dated question with other words ("what did Lunit do in 2023?"): the date's facts that the
 * words find; when the words find facts but none on the date, those facts, saying so; when
 * they find nothing at all, they were no subject, and the date's facts answer.
 */
function onDateAbout(catalog: Catalog, date: DateQuery, words: string, today: CalendarDay): Briefing {
  const matching = new Set(catalog.search(words, catalog.facts.length).hits.map((hit) => hit.fact.id));
  if (matching.size === 0) return onDate(catalog, date, today);
  const narrowed = onDate(catalog, date, today, (fact) => matching.has(fact.id));
  if (narrowed.sections.length > 0) return narrowed;
  const found = search(catalog, words);
  return {
    ...found,
    intro:
      `Nothing on record for ${describeDate(date, today)} about "${words}"; these facts mention it at other dates. ${found.intro ?? ''}`.trim(),
  };
}

function listOrNothing(label: string, facts: readonly Fact[], moreCommand?: string): Briefing {
  if (facts.length === 0) return nothingFor(label);
  return factBriefing(label, [factSection(undefined, facts, moreCommand ? { moreCommand } : {})]);
}

function nothingFor(label: string): Briefing {
  return notice(`Nothing on record for ${label}.`, undefined, ['latest', 'themes']);
}

function comingWeek(catalog: Catalog, today: CalendarDay, archive: ArchiveRotation): Briefing {
  const sections: BriefingSection[] = [];
  for (let offset = 0; offset < DAYS_IN_WEEK; offset++) {
    const day = addCalendarDays(today, offset);
    const { onDay, thisMonth } = factsOnDay(catalog, day);
    sections.push(factSection(dayTitle(day), [...onDay, ...(day.day === 1 ? thisMonth : [])], { anniversaryYear: day.year }));
  }
  const last = addCalendarDays(today, DAYS_IN_WEEK - 1);
  const title = `Anniversaries this week — ${dayTitle(today)} to ${dayTitle(last)}`;
  const briefing = factBriefing(title, sections);
  if (briefing.sections.length > 0) return briefing;
  return factBriefing(title, [...comingUp(catalog, last), ...fromArchive(archive, today)], 'No anniversaries in the next 7 days.');
}

function themeList(catalog: Catalog): Briefing {
  const items = catalog.themes.map((theme) => ({
    title: `${theme.title} (${catalog.inTheme(theme.id).length} facts)`,
    text: `${theme.description} — theme ${theme.id}`,
  }));
  return {
    kind: 'briefing',
    title: 'Themes',
    sections: [{ items }],
    suggestions: catalog.themes.slice(0, 1).map((theme) => `theme ${theme.id}`),
    sources: [],
  };
}

function search(catalog: Catalog, text: string): Briefing {
  const { hits, total, missing, near } = catalog.search(text, SEARCH_LIMIT);
  if (hits.length === 0) {
    const name = catalog.nearestName(text);
    if (near.length > 0 && missing.length > 0) {
      // The question's subject is what no fact has: say so, and offer the nearest facts as near.
      const lacking = missing.slice(0, 2).join(' ');
      const nearest = near.slice(0, 2).map((hit) => hit.fact);
      return notice(
        `Nothing on ${lacking}.`,
        [
          `Nothing in our facts is about ${lacking}.`,
          name ? `Did you mean ${name}?` : '',
          `Near it, not an answer: ${nearest.map((fact) => `"${fact.title}"`).join('; ')}.`,
        ]
          .filter(Boolean)
          .join(' '),
        // Three at most, as Teams shows them.
        [...(name ? [`search ${name}`] : []), ...nearest.map((fact) => `fact ${fact.id}`), 'themes'].slice(0, 3),
      );
    }
    if (name)
      return notice(`Nothing found for "${text}".`, `Nothing in our facts matches those words. Did you mean ${name}?`, [
        `search ${name}`,
        'themes',
      ]);
    return notice(`Nothing found for "${text}".`, 'Nothing in our facts matches those words. Try other words, or browse a theme.', [
      'themes',
      'latest',
    ]);
  }
  const title = `Search: ${text}`;
  const intro = total > hits.length ? `The ${hits.length} best of ${total} results.` : `${total} result${total === 1 ? '' : 's'}.`;
  return factBriefing(
    title,
    [
      factSection(
        undefined,
        hits.map((hit) => hit.fact),
      ),
    ],
    intro,
  );
}
