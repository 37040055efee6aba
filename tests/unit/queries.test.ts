// Lookups through Dateline.ask on the real fact pack: on <date>, search (typos, ranking, limit),
// themes, theme, latest, fact, dated questions and week. Expected facts are computed from the
// catalog's own data (dates, themes, text), never copied from the output.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { renderText } from '../../adapters/console/render.ts';
import type { Briefing } from '../../src/briefing/model.ts';
import { compareFactDates, factDateText } from '../../src/dates/fact-date.ts';
import { Dateline } from '../../src/dateline.ts';
import { Catalog } from '../../src/facts/catalog.ts';
import { openCatalog } from '../../src/facts/open.ts';
import type { Fact } from '../../src/facts/types.ts';
import { FACTS_DIR, makeFact, THEMES } from './support.ts';

const catalog = openCatalog(FACTS_DIR);
const dateline = new Dateline(catalog, 'Asia/Seoul');
const now = new Date('2026-06-10T12:00:00+09:00');
const ask = (text: string, at: Date = now) => dateline.ask(text, { now: at, zone: 'Asia/Seoul' });

const itemIds = (briefing: Briefing) => briefing.sections.flatMap((s) => s.items.map((item) => item.factId ?? '<no id>'));
const factsById = new Map(catalog.facts.map((fact) => [fact.id, fact]));
const byIds = (ids: string[]) => ids.map((id) => factsById.get(id)!);
const sorted = (ids: string[]) => [...ids].sort();
const dated = catalog.facts.filter((fact) => fact.date);

/** Whether the fact's indexed text (title, entities, summary) mentions a word, by word start. */
function mentions(fact: Fact, word: string, fields: ('title' | 'entities' | 'summary')[] = ['title', 'entities', 'summary']): boolean {
  const pattern = new RegExp(`\\b${word}`, 'i');
  return fields.some((field) => pattern.test(field === 'entities' ? fact.entities.join(' ') : fact[field]));
}

describe('on <date>', () => {
  it('`on 2023-06` lists exactly the facts dated in June 2023', async () => {
    const expected = catalog.facts.filter((fact) => fact.date && factDateText(fact.date).startsWith('2023-06')).map((f) => f.id);
    expect(expected.length).toBeGreaterThan(1);
    expect(sorted(itemIds(await ask('on 2023-06')))).toEqual(sorted(expected));
  });

  it('`on 03-21` includes the PAREXEL fact as an anniversary counted from this year', async () => {
    const parexel = catalog.facts.filter((fact) => fact.entities.includes('PAREXEL'));
    expect(parexel).toHaveLength(1);
    const fact = parexel[0]!;
    expect(fact.date).toEqual({ precision: 'day', year: 2022, month: 3, day: 21 });
    const briefing = await ask('on 03-21');
    const item = briefing.sections.find((s) => s.heading === 'On this day')?.items.find((i) => i.factId === fact.id);
    expect(item?.anniversary).toBe('4 years ago');
    expect(item?.dateLabel).toBe('21 March 2022');
  });

  it('`on 2018` lists exactly the facts of 2018, at year precision too', async () => {
    const expected = dated.filter((fact) => fact.date!.year === 2018);
    expect(expected.some((fact) => fact.date!.precision === 'year')).toBe(true);
    const briefing = await ask('on 2018');
    expect(sorted(itemIds(briefing))).toEqual(sorted(expected.map((f) => f.id)));
    expect(briefing.sections[0]!.items[0]!.dateLabel).toBe('2018');
  });

  it('`on 2023` lists every fact dated in 2023, whatever its precision', async () => {
    const expected = dated.filter((fact) => fact.date!.year === 2023).map((f) => f.id);
    expect(sorted(itemIds(await ask('on 2023')))).toEqual(sorted(expected));
  });

  it('a date with nothing on record gives a notice naming it', async () => {
    const briefing = await ask('on 1999');
    expect(briefing.kind).toBe('notice');
    expect(briefing.title).toContain('1999');
  });

  it('`what happened in April 2023?` gives the same facts as `on 2023-04`', async () => {
    const question = itemIds(await ask('what happened in April 2023?'));
    const lookup = itemIds(await ask('on 2023-04'));
    const expected = catalog.facts.filter((fact) => fact.date && factDateText(fact.date).startsWith('2023-04')).map((f) => f.id);
    expect(expected.length).toBeGreaterThan(0);
    expect(question).toEqual(lookup);
    expect(sorted(question)).toEqual(sorted(expected));
  });

  it('`on March 21, 2022` and `on 2022-03-21` agree', async () => {
    const words = await ask('on March 21, 2022');
    const iso = await ask('on 2022-03-21');
    expect(itemIds(words)).toEqual(itemIds(iso));
    expect(itemIds(iso)).toContain(catalog.facts.find((fact) => fact.entities.includes('PAREXEL'))!.id);
  });
});

describe('ranges', () => {
  const within = (fact: Fact, first: string, last: string) => {
    const text = factDateText(fact.date!);
    return text.length > 4 && text.slice(0, 7) >= first && text.slice(0, 7) <= last;
  };

  it('spring 2023 lists exactly the month- and day-precision facts of March to May 2023, and says what spring is', async () => {
    const expected = dated.filter((fact) => within(fact, '2023-03', '2023-05')).map((f) => f.id);
    expect(expected.length).toBeGreaterThan(3);
    const briefing = await ask('what happened in spring 2023?');
    expect(sorted(itemIds(briefing))).toEqual(sorted(expected));
    expect(briefing.title).toMatch(/March–May 2023.*meteorological/);
    expect(sorted(itemIds(await ask('on 2023-03/2023-05')))).toEqual(sorted(expected));
  });

  it('lists a fact only at its precision: a year-only fact is in its year, not in a half of it', async () => {
    const yearOnly = dated.find((fact) => fact.date!.precision === 'year' && fact.date!.year !== 2018)!;
    const year = yearOnly.date!.year;
    expect(itemIds(await ask(`on ${year}/${year}`))).toContain(yearOnly.id);
    expect(itemIds(await ask(`what happened in the first half of ${year}?`))).not.toContain(yearOnly.id);
    expect(itemIds(await ask(`what happened in spring ${year}?`))).not.toContain(yearOnly.id);
  });

  it('an open range lists the dated facts on its side, oldest first, and counts those past the section limit', async () => {
    const expected = dated.filter((fact) => fact.date!.year >= 2022).map((f) => f.id);
    const briefing = await ask('since 2022');
    const listed = itemIds(briefing);
    expect(listed.length + (briefing.sections[0]!.more?.count ?? 0)).toBe(expected.length);
    expect(listed.every((id) => expected.includes(id))).toBe(true);
    const listedFacts = byIds(listed);
    for (let i = 1; i < listedFacts.length; i++)
      expect(compareFactDates(listedFacts[i - 1]!.date!, listedFacts[i]!.date!)).toBeLessThanOrEqual(0);
  });
});

describe('search', () => {
  it('`search lunit` finds exactly the facts that mention Lunit, and every hit mentions it', async () => {
    const expected = catalog.facts.filter((fact) => mentions(fact, 'lunit')).map((f) => f.id);
    expect(expected.length).toBeGreaterThan(0);
    const briefing = await ask('search lunit');
    for (const fact of byIds(itemIds(briefing))) expect(mentions(fact, 'lunit'), fact.id).toBe(true);
    expect(sorted(itemIds(briefing))).toEqual(sorted(expected));
  });

  it('forgives typos: "deepcach" finds the DeepCatch fact first', async () => {
    const deepcatch = catalog.facts.filter((fact) => fact.entities.includes('DeepCatch')).map((f) => f.id);
    expect(deepcatch).toHaveLength(1);
    expect(itemIds(await ask('search deepcach'))[0]).toBe(deepcatch[0]);
  });

  it('forgives typos: "Daewong" finds every Daewoong fact, first', async () => {
    const daewoong = catalog.facts.filter((fact) => mentions(fact, 'daewoong')).map((f) => f.id);
    expect(daewoong.length).toBeGreaterThanOrEqual(2);
    const hits = itemIds(await ask('search Daewong'));
    expect(sorted(hits.slice(0, daewoong.length))).toEqual(sorted(daewoong));
  });

  it('ranks title and entity mentions above summary-only mentions', async () => {
    let compared = 0;
    for (const word of ['bertis', 'korea', 'drug', 'pharmaceutical']) {
      const hits = byIds(itemIds(await ask(`search ${word}`)));
      const strong = hits.map((fact, rank) => ({
        rank,
        strong: mentions(fact, word, ['title', 'entities']),
        weak: !mentions(fact, word, ['title', 'entities']) && mentions(fact, word, ['summary']),
      }));
      const lastStrong = Math.max(...strong.filter((h) => h.strong).map((h) => h.rank));
      const firstWeak = Math.min(...strong.filter((h) => h.weak).map((h) => h.rank));
      if (Number.isFinite(lastStrong) && Number.isFinite(firstWeak)) {
        compared++;
        expect(lastStrong, word).toBeLessThan(firstWeak);
      }
    }
    // "drug" is in the title of several facts and only in the summary of the HanAll and Daewoong one.
    expect(compared).toBeGreaterThanOrEqual(1);
  });

  it('weighs titles and entities above summaries, even against a summary that repeats the word', () => {
    const inTitle = {
      ...makeFact('in-title'),
      title: 'Acme wins approval',
      summary: 'A longer summary that is about something else entirely, in many more words.',
    };
    const inEntities = {
      ...makeFact('in-entities'),
      title: 'A company wins approval',
      summary: 'A longer summary that is about something else entirely, in many more words.',
      entities: ['Acme'],
    };
    const inSummary = { ...makeFact('in-summary'), title: 'Approval news', summary: 'Acme, Acme.' };
    const small = new Catalog([inSummary, inTitle, inEntities], THEMES);
    const ranked = small.search('acme', 10).hits.map((hit) => hit.fact.id);
    expect(ranked).toHaveLength(3);
    expect(ranked[2]).toBe('in-summary');
  });

  it('returns at most 10 results a page and says how many there were', async () => {
    const total = catalog.facts.filter((fact) => mentions(fact, 'korea', ['title', 'entities', 'summary'])).length;
    expect(total).toBeGreaterThan(10);
    const briefing = await ask('search korea');
    expect(itemIds(briefing)).toHaveLength(10);
    expect(briefing.intro).toMatch(/Results 1–10 of \d+\./);
    for (const text of ['search ai', 'search medical', 'search south korea ai', 'what is new in ai?']) {
      expect(itemIds(await ask(text)).length, text).toBeLessThanOrEqual(10);
    }
  });

  it('a question without a date searches, ignoring words such as "anything" and "on"', async () => {
    expect(sorted(itemIds(await ask('anything on Lunit?')))).toEqual(sorted(itemIds(await ask('search lunit'))));
  });

  it('finding nothing gives a notice quoting the words', async () => {
    const briefing = await ask('search zzyzx');
    expect(briefing.kind).toBe('notice');
    expect(briefing.title).toContain('zzyzx');
    expect(briefing.suggestions.length).toBeGreaterThan(0);
  });
});

describe('themes and theme', () => {
  it('`themes` lists every theme in themes.yaml order with its fact count', async () => {
    const briefing = await ask('themes');
    const items = briefing.sections.flatMap((s) => s.items);
    expect(items).toHaveLength(catalog.themes.length);
    catalog.themes.forEach((theme, index) => {
      const count = catalog.facts.filter((fact) => fact.themes.includes(theme.id)).length;
      expect(items[index]!.title).toBe(`${theme.title} (${count} facts)`);
      expect(items[index]!.text).toContain(`theme ${theme.id}`);
    });
  });

  it('`theme imaging` lists its facts, dated newest first, then the undated', async () => {
    const briefing = await ask('theme imaging');
    const expected = catalog.facts.filter((fact) => fact.themes.includes('imaging'));
    const facts = byIds(itemIds(briefing));
    expect(sorted(facts.map((f) => f.id))).toEqual(sorted(expected.map((f) => f.id)));
    const firstUndated = facts.findIndex((fact) => !fact.date);
    expect(firstUndated).toBeGreaterThan(0);
    expect(facts.slice(firstUndated).every((fact) => !fact.date)).toBe(true);
    const datedPart = facts.slice(0, firstUndated);
    for (let i = 1; i < datedPart.length; i++) {
      expect(
        compareFactDates(datedPart[i - 1]!.date!, datedPart[i]!.date!),
        `${datedPart[i - 1]!.id} before ${datedPart[i]!.id}`,
      ).toBeGreaterThanOrEqual(0);
    }
    expect(briefing.sections.map((s) => s.heading)).toEqual(['Dated, newest first', 'Context']);
  });

  it('an unknown theme is an error that lists the themes', async () => {
    const briefing = await ask('theme robotics');
    expect(briefing.kind).toBe('error');
    expect(briefing.title).toContain('robotics');
    for (const theme of catalog.themes) expect(briefing.title).toContain(theme.id);
  });
});

describe('latest', () => {
  it('`latest 3` gives the 3 newest dated facts, newest first', async () => {
    const facts = byIds(itemIds(await ask('latest 3')));
    expect(facts).toHaveLength(3);
    expect(facts.every((fact) => fact.date)).toBe(true);
    const shown = new Set(facts.map((f) => f.id));
    const oldestShown = facts[facts.length - 1]!.date!;
    for (const fact of dated.filter((f) => !shown.has(f.id)))
      expect(compareFactDates(fact.date!, oldestShown), fact.id).toBeLessThanOrEqual(0);
    for (let i = 1; i < facts.length; i++) expect(compareFactDates(facts[i - 1]!.date!, facts[i]!.date!)).toBeGreaterThanOrEqual(0);
  });

  it('`latest` defaults to 5', async () => {
    expect(itemIds(await ask('latest'))).toHaveLength(5);
  });

  it('`latest 16` and `latest 20` list that many facts (or every dated fact when there are fewer)', async () => {
    // DESIGN.md: "latest [n] the n most recent dated facts (default 5, at most 20)".
    expect(dated.length).toBeGreaterThanOrEqual(16);
    expect(dated.length).toBeLessThanOrEqual(20);
    expect(itemIds(await ask('latest 16'))).toHaveLength(16);
    expect(sorted(itemIds(await ask('latest 20')))).toEqual(sorted(dated.map((f) => f.id)));
  });

  it('`latest 20` does not claim more facts in its title than the pack has dated', async () => {
    expect(dated.length).toBeLessThan(20);
    const title = (await ask('latest 20')).title;
    expect(Number(/\d+/.exec(title)?.[0]), title).toBe(dated.length);
  });
});

describe('fact <id>', () => {
  const raw = parse(readFileSync(join(FACTS_DIR, 'korea-medical-ai.yaml'), 'utf8')) as { facts: { id: string; quote: string }[] };
  const fold = (text: string) => text.replace(/\s+/g, ' ').trim();

  it('shows the verbatim quote from the pack, with its source and themes', async () => {
    for (const entry of raw.facts.slice(0, 5)) {
      const briefing = await ask(`fact ${entry.id}`);
      const item = briefing.sections[0]!.items[0]!;
      expect(item.factId).toBe(entry.id);
      expect(item.quotes?.map((cited) => cited.quote)).toEqual([fold(entry.quote)]);
      expect(item.sources?.[0]?.title).toBeTruthy();
      expect(renderText(briefing)).toContain(fold(entry.quote));
      expect(briefing.intro).toMatch(/^Themes: /);
    }
  });

  it('accepts the id in any case', async () => {
    const id = raw.facts[0]!.id;
    expect(itemIds(await ask(`fact ${id.toUpperCase()}`))).toEqual([id]);
  });

  it('an unknown id is an error that suggests a search', async () => {
    const briefing = await ask('fact no-such-fact');
    expect(briefing.kind).toBe('error');
    expect(briefing.title).toContain('no-such-fact');
    expect(briefing.suggestions).toContain('search no such fact');
  });
});

describe('no dead ends', () => {
  it("help's suggestions list facts on every day of the year", async () => {
    const suggestions = (await ask('help')).suggestions;
    expect(suggestions).toContain('today');
    for (let month = 1; month <= 12; month++) {
      for (const day of [1, 15, 28]) {
        const at = new Date(Date.UTC(2026, month - 1, day, 3));
        for (const suggestion of suggestions)
          expect(itemIds(await ask(suggestion, at)).length, `${suggestion} on 2026-${month}-${day}`).toBeGreaterThan(0);
        expect(itemIds(await ask('week', at)).length, `week on 2026-${month}-${day}`).toBeGreaterThan(0);
      }
    }
  });

  it('`today` on a quiet day (29 November) says so in one line, then the next anniversaries with their days, then the archive fact', async () => {
    const at = new Date('2026-11-29T10:00:00+09:00');
    const briefing = await ask('what happened today?', at);
    expect(briefing.intro).toBe('Nothing on record for 29 November or for November in our facts.');
    const headings = briefing.sections.map((s) => s.heading!);
    expect(headings.at(-1)).toBe('From the archive');
    // The first anniversaries after 29 November: the month facts of the first month that has any, on its 1st.
    const firstMonth = Math.min(...dated.flatMap((fact) => (fact.date!.precision === 'year' ? [] : [fact.date!.month])));
    expect(headings[0]).toBe(`Coming up — 1 ${new Date(2027, firstMonth - 1).toLocaleString('en-GB', { month: 'long' })} 2027`);
    expect(itemIds(briefing).at(-1)).toBe(dateline.digests.daily(at, 'Asia/Seoul')!.sections[0]!.items[0]!.factId);
  });

  it('a quiet `today` or `week` never lists a fact twice: the archive fact is left out when "Coming up" already shows it', async () => {
    // Every day of a year: on some quiet days the archive's pick is also an anniversary coming up.
    let leftOut = 0;
    for (let offset = 0; offset < 366; offset++) {
      const at = new Date(Date.UTC(2026, 0, 1 + offset, 3));
      const today = await ask('today', at);
      for (const [command, briefing] of [
        ['today', today],
        ['week', await ask('week', at)],
      ] as const) {
        const ids = itemIds(briefing);
        expect(new Set(ids).size, `${command} at ${at.toISOString()}`).toBe(ids.length);
      }
      const archived = dateline.digests.daily(at, 'Asia/Seoul')!.sections[0]!.items[0]!.factId!;
      const quietWithoutArchive =
        today.intro?.startsWith('Nothing on record') && !today.sections.some((s) => s.heading === 'From the archive');
      if (quietWithoutArchive && itemIds(today).includes(archived)) leftOut++;
    }
    expect(leftOut).toBeGreaterThan(0);
  }, 30_000);
});

describe('week and today on the real pack', () => {
  it('`week` from 18 March 2026 shows the PAREXEL anniversary on 21 March', async () => {
    const briefing = await ask('week', new Date('2026-03-18T09:00:00+09:00'));
    const parexel = catalog.facts.find((fact) => fact.entities.includes('PAREXEL'))!;
    const section = briefing.sections.find((s) => s.heading === '21 March 2026');
    expect(section?.items.map((item) => [item.factId, item.anniversary])).toEqual([[parexel.id, '4 years ago']]);
    expect(briefing.sections).toHaveLength(1);
  });

  it('`week` across 1 June shows the month facts of June on the 1st', async () => {
    const briefing = await ask('week', new Date('2026-05-28T09:00:00+09:00'));
    const june = dated.filter((fact) => fact.date!.precision === 'month' && fact.date!.month === 6).map((f) => f.id);
    expect(june.length).toBeGreaterThan(0);
    expect(briefing.sections.map((s) => s.heading)).toEqual(['1 June 2026']);
    expect(sorted(itemIds(briefing))).toEqual(sorted(june));
  });

  it('`today` (and empty text) on 10 June lists the June month facts under "This month"', async () => {
    const june = dated.filter((fact) => fact.date!.precision === 'month' && fact.date!.month === 6).map((f) => f.id);
    for (const text of ['today', '', '   ']) {
      const briefing = await ask(text);
      expect(
        briefing.sections.map((s) => s.heading),
        JSON.stringify(text),
      ).toEqual(['This month']);
      expect(sorted(itemIds(briefing))).toEqual(sorted(june));
    }
  });
});
