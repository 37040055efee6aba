// Turning facts into briefing items and sections: date labels, anniversaries, list limits.
import { formatFactDate, parseFactDate } from '../dates/fact-date.ts';
import type { PageCommand } from '../commands/text.ts';
import type { Citation, Fact, Source } from '../facts/types.ts';
import type { Briefing, BriefingItem, BriefingSection, QuoteAndSource } from './model.ts';

/** Items a section shows before it summarises the rest as "and N more". */
export const SECTION_LIMIT = 15;

export function dateLabel(fact: Fact): string {
  return fact.date ? formatFactDate(fact.date) : 'Undated';
}

/** "3 years ago" for an anniversary in `year`; nothing for the year of the fact itself. */
export function yearsAgo(fact: Fact, year: number): string | undefined {
  const years = fact.date ? year - fact.date.year : 0;
  if (years <= 0) return undefined;
  return years === 1 ? '1 year ago' : `${years} years ago`;
}

export function factItem(fact: Fact, options: { anniversaryYear?: number; full?: boolean } = {}): BriefingItem {
  const item: BriefingItem = {
    factId: fact.id,
    dateLabel: dateLabel(fact),
    title: fact.title,
    text: fact.summary,
    sources: fact.citations.map((citation) => citation.source),
    provenance: fact.citations.map(quoteAndSource),
  };
  const anniversary = options.anniversaryYear === undefined ? undefined : yearsAgo(fact, options.anniversaryYear);
  if (anniversary) item.anniversary = anniversary;
  if (options.full) item.quotes = fact.citations;
  return item;
}

/** A citation as "Quote & source" shows it: the quote, its source, and the source's credit line. */
function quoteAndSource({ quote, source }: Citation): QuoteAndSource {
  const published = source.published === undefined ? undefined : parseFactDate(source.published);
  const date = published?.ok ? formatFactDate(published.date) : source.published;
  return { quote, source, credit: [source.publisher, source.author, date].filter(Boolean).join(' · ') };
}

/** A section of facts, cut at SECTION_LIMIT with a count of the rest. */
export function factSection(
  heading: string | undefined,
  facts: readonly Fact[],
  options: { anniversaryYear?: number; moreCommand?: PageCommand; total?: number; limit?: number } = {},
): BriefingSection {
  const shown = facts.slice(0, options.limit ?? SECTION_LIMIT);
  const section: BriefingSection = { items: shown.map((fact) => factItem(fact, options)) };
  if (heading) section.heading = heading;
  const rest = (options.total ?? facts.length) - shown.length;
  if (rest > 0) section.more = { count: rest, ...(options.moreCommand ? { command: options.moreCommand } : {}) };
  return section;
}

/** A briefing of fact sections, with the distinct sources its items rest on. */
export function factBriefing(title: string, sections: BriefingSection[], intro?: string): Briefing {
  const sources = new Map<string, Source>();
  for (const item of sections.flatMap((section) => section.items)) {
    for (const source of item.sources ?? []) sources.set(source.url ?? source.title, source);
  }
  return {
    kind: 'briefing',
    title,
    ...(intro ? { intro } : {}),
    sections: sections.filter((section) => section.items.length > 0),
    suggestions: [],
    sources: [...sources.values()],
  };
}
