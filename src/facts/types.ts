// The fact model shared by every part of Dateline: themes, sources and facts.
import type { FactDate } from '../dates/fact-date.ts';

export interface Source {
  title: string;
  publisher?: string;
  url?: string;
}

export interface Theme {
  id: string;
  title: string;
  description: string;
}

export interface Fact {
  id: string;
  /** Absent when the source gives no date: such a fact never answers a date lookup. */
  date?: FactDate;
  title: string;
  summary: string;
  themes: string[];
  entities: string[];
  /** Other spellings and names (루닛 for Lunit): searched, never shown as the fact's content. */
  aliases?: string[];
  /** The verbatim passage of the source this fact rests on. */
  quote: string;
  source: Source;
  /** The pack file the fact came from, for error messages. */
  pack: string;
}
