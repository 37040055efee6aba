// The fact model shared by every part of Dateline: themes, sources and facts.
import type { FactDate } from '../dates/fact-date.ts';

export interface Source {
  id: string;
  title: string;
  publisher?: string;
  url?: string;
  /** The publication date, EDTF ("2023-09-01"). */
  published?: string;
  author?: string;
  /** The source's text file name, for quote checking (see provenance.ts). */
  text?: string;
  /** The sha256 of that text file as the pack recorded it. */
  sha256?: string;
}

/** A source and the verbatim passage of it a fact rests on. */
export interface Citation {
  source: Source;
  quote: string;
}

export interface Theme {
  id: string;
  title: string;
  description: string;
  /** Words that suggest the theme, for `dateline facts draft`'s guesses. */
  keywords?: string[];
}

export interface Fact {
  id: string;
  /** Absent when the source gives no date: such a fact never answers a date lookup. */
  date?: FactDate;
  title: string;
  summary: string;
  themes: string[];
  entities: string[];
  /** Other spellings and names (루닛 for Lunit, names the source does not use): searched, never shown as the fact's content. */
  aliases: string[];
  /** Every source that states the fact, with its verbatim quote; the first is the main one. */
  citations: Citation[];
  /** The pack file the fact came from, for error messages. */
  pack: string;
}
