// The typed commands of Dateline's one command language (Slack text, Teams text, the CLI).
import type { FactDate } from '../dates/fact-date.ts';

/** What an `on` lookup or a dated question asks about. */
export type DateQuery =
  | { kind: 'year'; year: number }
  | { kind: 'month'; year: number; month: number }
  | { kind: 'day'; year: number; month: number; day: number }
  /** A recurring day ("06-15", "15 June"): anniversaries, counted from this year. */
  | { kind: 'month-day'; month: number; day: number }
  /** A calendar month in any year ("June"). */
  | { kind: 'calendar-month'; month: number }
  /**
   * From one date to another, both included, each at its own precision; an absent end is open
   * ("since 2022"). The label names it in the answer's title ("Spring 2023 (March–May 2023…)").
   */
  | { kind: 'range'; from?: FactDate; to?: FactDate; label: string }
  /** A date in words relative to the day asked ("last spring", "four years ago"), resolved in the channel's zone (relative-date.ts). */
  | { kind: 'relative'; phrase: string };

/** What a question asks for, when its answer is one thing: its headline states it from the best fact. */
export type Asks = 'when' | 'who' | 'how-many' | 'latest';

/** The facts a lookup leaves out (shown already in the conversation), and which page of the rest it shows. */
export interface Paging {
  /** 1 is the first page; `search lunit page 2` is the second. */
  page?: number;
  exclude?: string[];
}

/** Chat that is not a lookup: it gets a short friendly reply and lists no facts. */
export type SmallTalk = 'greeting' | 'thanks' | 'farewell' | 'joke' | 'weather' | 'how-are-you' | 'who-are-you';

export type Weekday = 1 | 2 | 3 | 4 | 5 | 6 | 7;

export const WORKING_DAYS: Weekday[] = [1, 2, 3, 4, 5];

/** "HH:MM" on a 24-hour clock. */
export interface ClockTime {
  hour: number;
  minute: number;
}

export type Cadence = 'daily' | 'weekly';

export type Command =
  /** On this date, `offset` days from today in the channel's zone ("yesterday" is -1). */
  | { kind: 'today'; offset?: number }
  /** `words`: what else a question asked about ("what did Lunit do in 2019?"), to narrow or replace the date. */
  | ({ kind: 'on'; date: DateQuery; words?: string; asks?: Asks } & Paging)
  | { kind: 'week' }
  | { kind: 'themes' }
  | { kind: 'theme'; themeId: string }
  | ({ kind: 'search'; text: string; asks?: Asks } & Paging)
  | { kind: 'latest'; count: number }
  | { kind: 'fact'; id: string }
  /** `days`: the weekdays a daily digest runs on, in week order; absent means every day. */
  | { kind: 'subscribe'; cadence: 'daily'; time?: ClockTime; zone?: string; days?: Weekday[]; quiet: boolean }
  | { kind: 'subscribe'; cadence: 'weekly'; weekday?: Weekday; time?: ClockTime; zone?: string; themeId?: string }
  /** `subscribe` alone: the subscription form, where the platform has one. */
  | { kind: 'subscription-form' }
  | { kind: 'unsubscribe'; which: Cadence | 'all' }
  | { kind: 'subscriptions' }
  | { kind: 'preview'; cadence: Cadence; themeId?: string }
  | { kind: 'help' }
  | { kind: 'small-talk'; topic: SmallTalk };

export type SubscribeCommand = Extract<Command, { kind: 'subscribe' }>;

export interface CommandError {
  message: string;
  /** Commands that would work instead, in bare command-language text. */
  suggestions: string[];
}

export type ParseResult = { ok: true; command: Command } | { ok: false; error: CommandError };

export const LATEST_DEFAULT = 5;
export const LATEST_MAX = 20;
/** Longer text is no command or question a person types; refusing it keeps lookups cheap. */
export const MAX_INPUT_CHARS = 500;

/** A date argument or a date found in a question: the query, or why it is not a date. */
export type DateParse = { ok: true; date: DateQuery } | { ok: false; error: CommandError };

/** A date found in a question, and the question's other words. */
export interface FoundDate {
  parse: DateParse;
  rest: string;
}
