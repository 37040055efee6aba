// Follow-up questions in a conversation (a Slack thread or channel, a Teams conversation): within
// a few minutes of an answer, "what else?", "tell me more about it", "and Bertis?", "when was
// that?" and questions with "it", "they" or "she" use that answer's subject. A follow-up is read
// into a typed command from the question as it was read and the subject: no text is rebuilt and
// parsed again. The memory is the process's own (lru-cache, at most MAX_CONVERSATIONS, each
// forgotten FOLLOW_UP_MS after its answer); a restart, or a follow-up that reaches another
// instance, costs that follow-up its context and nothing else (docs/questions.md says why).
import { LRUCache } from 'lru-cache';
import type { Briefing } from '../briefing/model.ts';
import type { Command } from '../commands/types.ts';
import type { Catalog } from '../facts/catalog.ts';
import type { Fact } from '../facts/types.ts';

/** How long an answer's subject is there for a follow-up. */
export const FOLLOW_UP_MS = 5 * 60_000;
/** Conversations remembered at once; the least recently answered is forgotten first. */
export const MAX_CONVERSATIONS = 10_000;

/** What a conversation's last answer was about. */
export interface Recalled {
  /** The lookup that answered, as run. */
  command: Command;
  /** Who or what it was about, in words a search finds ("KAIST", "Alexandra Murdoch"); none for a date's list. */
  subject?: string;
  /** The facts it listed, in order; the first is its best. */
  shown: string[];
}

export class ConversationMemory {
  /** The instant asked about, which the cache's TTL is counted in: an answer's age is by the ask times, not the server's clock. */
  private asked = 0;
  private readonly entries: LRUCache<string, Recalled>;

  constructor(max = MAX_CONVERSATIONS) {
    // ttlResolution 0: every check reads the ask time set just before it (no cached clock reading).
    this.entries = new LRUCache({ max, ttl: FOLLOW_UP_MS, ttlResolution: 0, perf: { now: () => this.asked } });
  }

  recall(conversation: string, now: Date): Recalled | undefined {
    this.asked = now.getTime();
    return this.entries.get(conversation);
  }

  /** Remembers an answer that listed facts; any other answer leaves the conversation's subject as it was. */
  remember(conversation: string, command: Command, answer: Briefing, catalog: Catalog, now: Date): void {
    const shown = answer.sections.flatMap((section) => section.items.flatMap((item) => (item.factId ? [item.factId] : [])));
    const best = shown[0] && catalog.fact(shown[0]);
    if (!best) return;
    const subject = subjectOf(command, best);
    this.asked = now.getTime();
    this.entries.set(conversation, { command, ...(subject ? { subject } : {}), shown });
  }
}

/** The words a command asked with. */
function askedWords(command: Command): string {
  if (command.kind === 'search') return command.text;
  if (command.kind === 'on') return command.words ?? '';
  return '';
}

/**
 * The name of the best fact that the question used, else its first name, else the question's
 * words; a list of a date's facts has no subject (its first fact is no more its subject than the rest).
 */
function subjectOf(command: Command, best: Fact): string | undefined {
  if (command.kind !== 'fact' && !askedWords(command)) return undefined;
  const asked = ` ${askedWords(command).toLowerCase()} `;
  const names = [...best.entities, ...(best.aliases ?? [])];
  return names.find((name) => asked.includes(name.toLowerCase())) ?? best.entities[0] ?? askedWords(command);
}

const normal = (text: string) =>
  text
    .toLowerCase()
    .replace(/[?!.,;:]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();

const MORE = /^(?:and |so )?(?:what|anything|who|which) else\b(.*)$|^(?:any ?more|more|show more|anything more|그 ?밖에|또|더)(?: .*)?$/;
const SAME_DATE = /\b(?:that|the same) (?:month|year|day|week|time)\b|\bthen\b|\baround then\b/;
const TELL_MORE = /^(?:tell me |say |show )?more(?: about| on)?(?: (.+))?$|^(?:details|go on|expand)(?: on (.+))?$/;
const REFERS = /^(?:it|that|this|them|those|these|that one|this one|the first one|the first)$/;
const AND_ABOUT = /^(?:and|what about|how about|and what about|and about)\s+(.+)$/i;
const WHEN_THAT = /^when (?:was|did|is) (?:that|it|this|they|she|he)(?: happen| come out| take place)?$/;
/**
 * Words that stand for the last answer's subject in a short question. Not possessives: in "did
 * Korea approve its first device" the "its" is Korea's.
 */
const PRONOUN = /\b(?:it|they|them|she|he|him|there|that company|this company|the company)\b/;

/**
 * What a follow-up asks, given what the conversation's last answer was about: the command to run
 * (the question as read, `asked`, with its pronoun replaced by the subject, when that is all it
 * needs); undefined when it is no follow-up.
 */
export function followUp(text: string, asked: Command | undefined, last: Recalled, catalog: Catalog): Command | undefined {
  const question = normal(text);
  const exclude = last.shown;
  const more = MORE.exec(question);
  if (more) {
    const previous = last.command;
    if (SAME_DATE.test(more[1] ?? '') && previous.kind === 'on') return { kind: 'on', date: previous.date, exclude };
    const best = catalog.fact(last.shown[0]!);
    if (SAME_DATE.test(more[1] ?? '') && best?.date) {
      const { year } = best.date;
      const date =
        best.date.precision === 'year' ? { kind: 'year' as const, year } : { kind: 'month' as const, year, month: best.date.month };
      return { kind: 'on', date, exclude };
    }
    // Nothing else names the subject: the rest of the best fact's theme.
    const shown = new Set(exclude);
    const theme = best?.themes[0];
    if (!last.subject) return previous.kind === 'on' ? { kind: 'on', date: previous.date, exclude } : undefined;
    const subject = last.subject;
    const unseen = catalog.search(subject, catalog.facts.length).hits.some(({ fact }) => !shown.has(fact.id));
    return unseen || !theme ? { kind: 'search', text: subject, exclude } : { kind: 'theme', themeId: theme };
  }
  const tell = TELL_MORE.exec(question);
  if (tell) {
    const about = (tell[1] ?? tell[2] ?? '').replace(/^the /, '').replace(/ one$/, '');
    if (!about || REFERS.test(about)) return { kind: 'fact', id: last.shown[0]! };
    const among = new Set(last.shown);
    const hit = catalog.search(about, catalog.facts.length).hits.find(({ fact }) => among.has(fact.id));
    return hit ? { kind: 'fact', id: hit.fact.id } : { kind: 'search', text: about };
  }
  if (!last.subject) return undefined;
  if (WHEN_THAT.test(question)) return { kind: 'search', text: last.subject, asks: 'when' };
  // Matched on the text as typed, so that the new subject keeps its capitals.
  const other = AND_ABOUT.exec(text.trim().replace(/[?!.]+$/, ''));
  const subject = other?.[1]?.trim();
  if (subject && subject.split(' ').length <= 4) {
    const previous = last.command;
    if (previous.kind === 'on') return { kind: 'on', date: previous.date, words: subject };
    return { kind: 'search', text: subject, ...(previous.kind === 'search' && previous.asks ? { asks: previous.asks } : {}) };
  }
  if (asked && question.split(' ').length <= 10 && PRONOUN.test(question)) return withSubject(asked, last.subject);
  return undefined;
}

/**
 * The question as read, its first pronoun ("she", "it", "that company") replaced by the subject;
 * a dated question whose words lost the pronoun as a stopword ("what was it in 2022?") is about
 * the subject. Undefined for any other command.
 */
function withSubject(asked: Command, subject: string): Command | undefined {
  const pronoun = new RegExp(PRONOUN.source, 'i');
  if (asked.kind === 'search' && pronoun.test(asked.text)) return { ...asked, text: asked.text.replace(pronoun, subject) };
  if (asked.kind !== 'on') return undefined;
  const words =
    asked.words && pronoun.test(asked.words) ? asked.words.replace(pronoun, subject) : [asked.words, subject].filter(Boolean).join(' ');
  return { ...asked, words };
}
