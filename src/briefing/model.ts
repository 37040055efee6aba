// The neutral Briefing: what every adapter renders (text, Block Kit, Adaptive Cards).
import type { PageCommand } from '../commands/text.ts';
import type { Citation, Source } from '../facts/types.ts';

export interface BriefingItem {
  factId?: string;
  /** The fact's date at its precision ("21 March 2022", "June 2023", "2018", "Undated"). */
  dateLabel?: string;
  /** "3 years ago" when the item is an anniversary of the day asked about. */
  anniversary?: string;
  title: string;
  text?: string;
  /** Every source the item rests on, the main one first ("2 sources" when several). */
  sources?: Source[];
  /** A full fact (`fact <id>`) shows each source's verbatim quote. */
  quotes?: Citation[];
  /**
   * What the item rests on, for a "Quote & source" action: each of its sources with its own
   * verbatim quote, the main one first. Every item made from a fact has it.
   */
  provenance?: QuoteAndSource[];
}

/** A quote an item rests on and the source it is from, as "Quote & source" shows them. */
export interface QuoteAndSource {
  quote: string;
  source: Source;
  /** The source's publisher, author and publication date, those it names: "BioSpectrum Asia · Ayesha Siddiqui · 1 September 2023". */
  credit: string;
}

export interface BriefingSection {
  heading?: string;
  items: BriefingItem[];
  /** Items left out, and the typed command that shows them (commandText gives its words; a button carries it as it is). */
  more?: { count: number; command?: PageCommand };
}

/**
 * A reply or digest, free of any platform's format. Commands in `suggestions` are bare
 * command-language text ("search lunit"); each adapter adds its own prefix.
 */
export interface Briefing {
  kind: 'briefing' | 'help' | 'error' | 'notice';
  title: string;
  intro?: string;
  sections: BriefingSection[];
  suggestions: string[];
  /** The distinct sources the items rest on, for a closing "Sources" line. */
  sources: Source[];
  /**
   * A change to the channel that everyone in it should see (a digest started or stopped):
   * adapters that answer privately post this one in the channel.
   */
  announce?: boolean;
  /** Platforms with forms offer the subscription form beside this answer (help, a channel's digests). */
  offersForm?: boolean;
}

export function notice(title: string, intro?: string, suggestions: string[] = []): Briefing {
  return { kind: 'notice', title, ...(intro === undefined ? {} : { intro }), sections: [], suggestions, sources: [] };
}

export function errorBriefing(message: string, suggestions: string[] = []): Briefing {
  return { kind: 'error', title: message, sections: [], suggestions, sources: [] };
}

/** The one answer for a failure on our side, on every platform. */
export function apologyBriefing(): Briefing {
  return errorBriefing('Something went wrong on our side, and it has been logged. Try again in a minute.', ['help']);
}
