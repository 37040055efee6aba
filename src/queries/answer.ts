// Answers lookup commands from the catalog as neutral Briefings. No lookup of today or the
// week is a dead end: with nothing on the date it shows what comes next and one archive fact,
// and a date with nothing on record points to the nearest years that have facts. A question
// that asks when, who or how many is headed by the answer from its best fact; every list cut
// short says which command shows the rest (`search lunit page 2`, `latest 20`).
import { addCalendarDays, calendarDayIn, type CalendarDay } from '../dates/calendar.ts';
import { daysInMonth, formatFactDate, monthName } from '../dates/fact-date.ts';
import { chronological, type Catalog } from '../facts/catalog.ts';
import { contentWords } from '../facts/words.ts';
import type { Fact } from '../facts/types.ts';
import { dateLabel, factBriefing, factItem, factSection, SECTION_LIMIT } from '../briefing/items.ts';
import { errorBriefing, notice, type Briefing, type BriefingSection } from '../briefing/model.ts';
import { dateQueryOf } from '../commands/parse-date.ts';
import { findRelativeDate } from '../commands/relative-date.ts';
import { commandText } from '../commands/text.ts';
import { LATEST_MAX, type Asks, type Command, type DateQuery, type Paging } from '../commands/types.ts';
import type { ArchiveRotation } from '../digests/archive.ts';
import { dayTitle, themeBriefing } from '../digests/digests.ts';
import { dueOnDay, factsOnDay } from '../digests/on-this-date.ts';
import { askedDetail, type Detail, states } from './details.ts';

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
    case 'on': {
      const date = resolved(command.date, today);
      if (!date) return errorBriefing(`"${describeDate(command.date, today)}" is not a date I understand`, ['on 2023', 'latest']);
      const exclude = new Set(command.exclude ?? []);
      const keep: Keep = (fact) => !exclude.has(fact.id);
      return command.words
        ? onDateAbout(catalog, date, command.words, today, keep, command.asks)
        : onDate(catalog, date, today, keep, command.page ?? 1);
    }
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
      return search(catalog, command.text, command);
    case 'latest': {
      const latest = catalog.latest(command.count);
      const title = latest.length === 1 ? 'The most recent fact' : `The ${latest.length} most recent facts`;
      // The rest, up to the most `latest` shows: "…and 15 more — latest 20".
      const more = catalog.latest(LATEST_MAX).length;
      return factBriefing(title, [
        factSection(undefined, latest, { limit: LATEST_MAX, total: more, moreCommand: { kind: 'latest', count: LATEST_MAX } }),
      ]);
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
  return factBriefing(title, withArchive(comingUp(catalog, day), archive, day), nothing);
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

/** The upcoming sections, then the day's archive fact unless they already list it. */
function withArchive(upcoming: BriefingSection[], archive: ArchiveRotation, day: CalendarDay): BriefingSection[] {
  const fact = archive.factFor(day);
  const listed = upcoming.some((section) => section.items.some((item) => item.factId === fact?.id));
  return fact && !listed ? [...upcoming, factSection('From the archive', [fact])] : upcoming;
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
    case 'relative':
      return date.kind === 'range' ? date.label : date.phrase;
  }
}

/** A date relative to today ("last spring") as the range it means today; other dates as they are. */
function resolved(date: DateQuery, today: CalendarDay): DateQuery | undefined {
  return date.kind === 'relative' ? findRelativeDate(date.phrase, today)?.date : date;
}

function onDate(catalog: Catalog, date: DateQuery, today: CalendarDay, keep: Keep = everyFact, page = 1): Briefing {
  const label = describeDate(date, today);
  const list = (facts: readonly Fact[]) => listOrNothing(catalog, label, date, facts.filter(keep), page);
  switch (date.kind) {
    case 'month-day':
      return onThisDate(catalog, { year: yearHaving(date.month, date.day, today.year), month: date.month, day: date.day }, undefined, keep);
    case 'year':
      return list(catalog.inYear(date.year));
    case 'month':
      return list(catalog.inYearMonth(date.year, date.month));
    case 'calendar-month':
      return list(catalog.inCalendarMonth(date.month));
    case 'range':
      return list(catalog.inRange(date.from, date.to));
    case 'relative': {
      const range = resolved(date, today);
      return range ? onDate(catalog, range, today, keep, page) : nothingFor(catalog, label);
    }
    case 'day': {
      const inMonth = catalog.inYearMonth(date.year, date.month).filter(keep);
      const onDay = inMonth.filter((fact) => fact.date?.precision === 'day' && fact.date.day === date.day);
      const monthly = inMonth.filter((fact) => fact.date?.precision === 'month');
      if (onDay.length === 0 && monthly.length === 0) return nothingFor(catalog, label, date);
      return factBriefing(label, [
        factSection(`On ${label}`, onDay),
        factSection(`During ${formatFactDate({ precision: 'month', year: date.year, month: date.month })}`, monthly),
      ]);
    }
  }
}

/**
 * A dated question with other words ("what did Lunit do in 2023?"): the date's facts that the
 * words find; with several subjects and no fact on the date about all, those about each. When the
 * words find facts but none on the date, an undated fact that names the
 * year in its words ("who made the 2030 market forecast?") is listed with the rest of the search;
 * otherwise nothing is listed: the reply says so and offers the facts about it nearest that date
 * as near ("작년에 루닛 새 소식 있어?" asked in 2026: nothing on Lunit in 2025, near it July 2023).
 * When some words are ones no fact has ("Vuno milestones 2023"), the others find the facts, and
 * with none of those on the date nothing is listed either ("Vuno's revenue in 2022" is not 2022's
 * other facts); when the words find nothing at all ("anything interesting in 2023?") they were
 * no subject, and the date's facts answer. A question that asks for a detail none of the date's
 * facts states is told so (see `withDetail`).
 */
function onDateAbout(catalog: Catalog, date: DateQuery, asked: string, today: CalendarDay, keep: Keep, asks?: Asks): Briefing {
  const { facts: found, words } = factsAbout(catalog, asked);
  if (found.length === 0) return detailChecked(onDate(catalog, date, today, keep), catalog, asked, asks);
  const matching = new Set(found.map((fact) => fact.id));
  const narrowed = onDate(catalog, date, today, (fact) => keep(fact) && matching.has(fact.id));
  if (narrowed.sections.length > 0) {
    const checked = detailChecked(narrowed, catalog, asked, asks);
    return checked !== narrowed || !asks ? checked : headed(narrowed, catalog, asks, words);
  }
  // Several subjects ("2023년 7월 루닛이랑 뷰노"), none of the date's facts about all of them: those about each.
  const subjects = contentWords(words);
  if (subjects.length > 1) {
    const each = new Set(subjects.flatMap((word) => catalog.search(word, catalog.facts.length).hits.map((hit) => hit.fact.id)));
    const severally = onDate(catalog, date, today, (fact) => keep(fact) && each.has(fact.id));
    if (severally.sections.length > 0) return severally;
  }
  const label = describeDate(date, today);
  if (found.some((fact) => !fact.date && namesYearOf(fact, date))) {
    const listed = search(catalog, words, asks ? { asks } : {});
    return { ...listed, intro: `Nothing on record for ${label} about "${words}"; these facts name it. ${listed.intro ?? ''}`.trim() };
  }
  const nearest = nearestInTime(found, date).slice(0, 2);
  const onItsDate = nearest.flatMap((fact) => (fact.date ? [commandText({ kind: 'on', date: dateQueryOf(fact.date) })] : []));
  return notice(
    `Nothing on record for ${label} about ${asked}.`,
    `Our facts about ${words} are from other dates. ${nearText(nearest)}`,
    // Three at most, as Teams shows them.
    [...new Set(onItsDate), ...nearest.map((fact) => `fact ${fact.id}`)].slice(0, 3),
  );
}

/**
 * The facts a dated question's words find, else those that the words some fact has
 * find ("Vuno milestones" → Vuno's, "milestones" being a word no fact has), with those words.
 */
function factsAbout(catalog: Catalog, asked: string): { facts: Fact[]; words: string } {
  const found = catalog.search(asked, catalog.facts.length);
  if (found.hits.length > 0) return { facts: found.hits.map((hit) => hit.fact), words: asked };
  const lacking = new Set(found.missing.map((word) => word.toLowerCase()));
  const words = asked
    .split(' ')
    .filter((word) => !lacking.has(word.toLowerCase()))
    .join(' ');
  const facts = lacking.size > 0 && words ? catalog.search(words, catalog.facts.length).hits.map((hit) => hit.fact) : [];
  return { facts, words };
}

/** Whether a fact's title or summary names a year of the date ("by 2030"). */
function namesYearOf(fact: Fact, date: DateQuery): boolean {
  const span = yearSpan(date);
  if (!span || span.last - span.first > 10) return false;
  const words = new Set(`${fact.title} ${fact.summary}`.match(/\b\d{4}\b/g));
  for (let year = span.first; year <= span.last; year++) if (words.has(String(year))) return true;
  return false;
}

/** Facts nearest a date first (dated before undated; by years apart, then as they were found). */
function nearestInTime(facts: readonly Fact[], date: DateQuery): Fact[] {
  const span = yearSpan(date);
  const apart = (fact: Fact) =>
    !fact.date ? Number.POSITIVE_INFINITY : span ? Math.max(span.first - fact.date.year, fact.date.year - span.last, 0) : 0;
  return facts
    .map((fact, found) => ({ fact, found, apart: apart(fact) }))
    .sort((a, b) => a.apart - b.apart || a.found - b.found)
    .map(({ fact }) => fact);
}

/** A date's facts, a page at a time: a cut list names the command for its next page. */
function listOrNothing(catalog: Catalog, label: string, date: DateQuery, facts: readonly Fact[], page: number): Briefing {
  if (facts.length === 0) return nothingFor(catalog, label, date);
  const offset = (page - 1) * SECTION_LIMIT;
  if (offset >= facts.length) return notice(`${label} has ${facts.length} facts: no page ${page}.`, undefined, []);
  const title = page > 1 ? `${label} (page ${page})` : label;
  return factBriefing(title, [factSection(undefined, facts.slice(offset), { moreCommand: { kind: 'on', date, page: page + 1 } })]);
}

/** "Nothing on record for 2016", pointing to the nearest years before and after that have facts. */
function nothingFor(catalog: Catalog, label: string, date?: DateQuery): Briefing {
  const span = date && yearSpan(date);
  const years = [...new Set(catalog.facts.flatMap((fact) => (fact.date ? [fact.date.year] : [])))].sort((a, b) => a - b);
  const before = span && years.filter((year) => year < span.first).at(-1);
  const after = span && years.find((year) => year > span.last);
  const near = [before, after].filter((year) => year !== undefined);
  if (near.length === 0) return notice(`Nothing on record for ${label}.`, undefined, ['latest', 'themes']);
  const intro = `The nearest ${near.length === 1 ? 'year with facts is' : 'years with facts are'} ${near.join(' and ')}.`;
  return notice(`Nothing on record for ${label}.`, intro, [...near.map((year) => `on ${year}`), 'latest']);
}

/** The years a date lies in, for finding the nearest years that have facts. */
function yearSpan(date: DateQuery): { first: number; last: number } | undefined {
  switch (date.kind) {
    case 'year':
    case 'month':
    case 'day':
      return { first: date.year, last: date.year };
    case 'range':
      return date.from || date.to ? { first: (date.from ?? date.to)!.year, last: (date.to ?? date.from)!.year } : undefined;
    default:
      return undefined;
  }
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
  return factBriefing(title, withArchive(comingUp(catalog, last), archive, today), 'No anniversaries in the next 7 days.');
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

function search(catalog: Catalog, text: string, options: { asks?: Asks } & Paging = {}): Briefing {
  const page = options.page ?? 1;
  const exclude = new Set(options.exclude ?? []);
  const offset = (page - 1) * SEARCH_LIMIT;
  const found = catalog.search(text, offset + SEARCH_LIMIT + exclude.size);
  const { missing, near } = found;
  const hits = found.hits.filter((hit) => !exclude.has(hit.fact.id));
  const total = found.total - (found.hits.length - hits.length);
  if (hits.length === 0 && exclude.size > 0) {
    return notice(`Nothing else on "${text}".`, 'Every fact that matches was in the answer before.', ['themes', 'latest']);
  }
  if (hits.length === 0) {
    const name = catalog.nearestName(text);
    if (near.length > 0 && missing.length > 0) {
      // The question's subject is what no fact has: say so, and offer the nearest facts as near.
      const lacking = missing.slice(0, 2).join(' ');
      const nearest = near.slice(0, 2).map((hit) => hit.fact);
      return notice(
        `Nothing on ${lacking}.`,
        [`Nothing in our facts is about ${lacking}.`, name ? `Did you mean ${name}?` : '', nearText(nearest)].filter(Boolean).join(' '),
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
  const detail = page === 1 && exclude.size === 0 ? askedDetail(text, options.asks) : undefined;
  const answering = detail ? withDetail(catalog, detail, text, hits) : { hits, near: [] };
  if (answering.hits.length === 0) return withoutDetail(detail!.label, text, answering.near);
  const onPage = answering.hits.slice(offset, offset + SEARCH_LIMIT).map((hit) => hit.fact);
  // "latest on X": the page's facts newest first, then the undated; each page keeps the same facts.
  const shown = options.asks === 'latest' ? [...chronological(onPage).reverse(), ...onPage.filter((fact) => !fact.date)] : onPage;
  if (shown.length === 0) return notice(`"${text}" has ${total} results: no page ${page}.`, undefined, [`search ${text}`]);
  const last = offset + shown.length;
  const intro = total > last || page > 1 ? `Results ${offset + 1}–${last} of ${total}.` : `${total} result${total === 1 ? '' : 's'}.`;
  const section = factSection(undefined, shown, { total: total - offset, moreCommand: { kind: 'search', text, page: page + 1 } });
  const briefing = factBriefing(page > 1 ? `Search: ${text} (page ${page})` : `Search: ${text}`, [section], intro);
  return options.asks && page === 1 ? headed(briefing, catalog, options.asks, text) : briefing;
}

/** Facts offered as near a question, not as its answer: their titles and dates. */
const nearText = (facts: readonly Fact[]) =>
  `Near it, not an answer: ${facts.map((fact) => `"${fact.title}" (${dateLabel(fact)})`).join('; ')}.`;

/** A fact's content words: its title, summary, entities and aliases. */
const wordsOf = (fact: Fact) => contentWords([fact.title, fact.summary, ...fact.entities, ...(fact.aliases ?? [])].join(' '));

/**
 * The facts found, for a question that asks for a detail (details.ts): the first that has every
 * proper name the question gives ("Standigm and Merck") and states the detail leads, the others
 * follow. When no fact with those names states it, none, and those facts (else all) as near.
 */
function withDetail<Hit extends { fact: Fact }>(
  catalog: Catalog,
  detail: Detail,
  question: string,
  hits: readonly Hit[],
): { hits: Hit[]; near: Fact[] } {
  const names = contentWords(question).filter((word) => catalog.isProperName(word));
  const named = hits.filter(({ fact }) => {
    const words = new Set(wordsOf(fact));
    return names.every((name) => words.has(name));
  });
  const answer = named.find((hit) => states(hit.fact, detail, question));
  if (answer) return { hits: [answer, ...hits.filter((hit) => hit !== answer)], near: [] };
  return { hits: [], near: (named.length > 0 ? named : hits).map((hit) => hit.fact) };
}

/** A date's list for a question that asks for a detail: as it is, unless no fact of it states the detail (see `withDetail`). */
function detailChecked(briefing: Briefing, catalog: Catalog, question: string, asks?: Asks): Briefing {
  const detail = askedDetail(question, asks);
  const facts = briefing.sections.flatMap((section) => section.items.flatMap((item) => (item.factId ? [catalog.fact(item.factId)!] : [])));
  if (!detail || facts.length === 0) return briefing;
  const found = withDetail(
    catalog,
    detail,
    question,
    facts.map((fact) => ({ fact })),
  );
  return found.hits.length > 0 ? briefing : withoutDetail(detail.label, question, found.near);
}

/**
 * The reply to a question that asks for a detail (an amount, a figure, names: details.ts) that
 * the best fact found does not state: the facts do not give it, and what they have is offered
 * as near, not as the answer ("how much did Daewoong put into Vincere?").
 */
function withoutDetail(label: string, question: string, found: readonly Fact[]): Briefing {
  const nearest = found.slice(0, 2);
  return notice(`Nothing on ${label}.`, `Our facts do not give ${label} ("${question}"). ${nearText(nearest)}`, [
    ...nearest.map((fact) => `fact ${fact.id}`),
    'themes',
  ]);
}

/**
 * Whether a fact says each content word of a question, or a synonym of it (facts/synonyms.yaml),
 * as words or their starts; a Korean word is taken as said (it finds facts through the pack's
 * Korean synonyms, not their text).
 */
function saysAll(catalog: Catalog, fact: Fact, question: string): boolean {
  const terms = wordsOf(fact);
  const said = ` ${terms.join(' ')}`;
  // One word as a word of the fact or the start of one either way ("developed", "develop"); a phrase as it is.
  const near = (word: string) => terms.some((term) => term.startsWith(word) || (term.length >= 4 && word.startsWith(term)));
  const says = (words: string[]) => (words.length === 1 ? near(words[0]!) : words.length > 1 && said.includes(` ${words.join(' ')}`));
  return contentWords(question).every((word) => HANGUL.test(word) || catalog.synonymsOf(word).some(says));
}
const HANGUL = /\p{Script=Hangul}/u;

/**
 * An answer headed by what was asked, from its best fact: "June 2022 — Standigm inks…" for when,
 * the names for who, the fact's figure for how many; the facts listed follow, the best first.
 */
function headed(briefing: Briefing, catalog: Catalog, asks: Asks, question: string): Briefing {
  const items = briefing.sections.flatMap((section) => section.items);
  const facts = items.flatMap((item) => (item.factId ? [catalog.fact(item.factId)!] : []));
  // A date answers "when" only if a fact has one: the best dated fact among the first few.
  const best = (asks === 'when' || asks === 'latest' ? facts.slice(0, 3).find((fact) => fact.date) : undefined) ?? facts[0];
  // A headline states an answer: only from a fact that says every word asked (a list of near matches is no answer).
  if (!best || !saysAll(catalog, best, question)) return briefing;
  const sentence = () =>
    [best.title, ...best.summary.split(/(?<=[.!?])\s+/)].find((part) => /\d/.test(part.replace(/\b(?:19|20)\d\d\b/g, ''))) ?? best.title;
  const headline = {
    when: () => `${dateLabel(best)} — ${best.title}`,
    latest: () => `${dateLabel(best)} — ${best.title}`,
    who: () =>
      best.entities.length > 0 && !best.title.startsWith(best.entities[0]!)
        ? `${best.entities.slice(0, 3).join(', ')} — ${best.title}`
        : best.title,
    'how-many': sentence,
  }[asks]();
  const intro = [briefing.title, briefing.intro].filter(Boolean).join(' — ');
  return { ...briefing, title: headline, intro };
}
