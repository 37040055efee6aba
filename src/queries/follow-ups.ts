// Follow-up questions in a conversation (a Slack thread or channel, a Teams conversation): within
// a few minutes of an answer, "what else?", "tell me more about it", "and Bertis?", "when was
// that?" and questions with "it", "they" or "she" use that answer's subject. The memory is the
// core's, one entry per conversation, at most MAX_CONVERSATIONS of them, each forgotten after
// FOLLOW_UP_MS; a restart forgets them all, which costs a follow-up its context and nothing else.
import type { Briefing } from '../briefing/model.ts';
import type { Command } from '../commands/types.ts';
import type { Catalog } from '../facts/catalog.ts';
import type { Fact } from '../facts/types.ts';

/** How long an answer's subject is there for a follow-up. */
export const FOLLOW_UP_MS = 5 * 60_000;
/** Conversations remembered at once; the least recently asked is forgotten first. */
export const MAX_CONVERSATIONS = 10_000;

/** What a conversation's last answer was about. */
export interface Recalled {
  /** The lookup that answered, as run. */
  command: Command;
  /** Who or what it was about, in words a search finds ("KAIST", "Alexandra Murdoch"); none for a date's list. */
  subject?: string;
  /** The facts it listed, in order; the first is its best. */
  shown: string[];
  at: number;
}

export class ConversationMemory {
  private readonly entries = new Map<string, Recalled>();

  constructor(private readonly max = MAX_CONVERSATIONS) {}

  recall(conversation: string, now: Date): Recalled | undefined {
    const entry = this.entries.get(conversation);
    if (!entry) return undefined;
    if (now.getTime() - entry.at > FOLLOW_UP_MS || now.getTime() < entry.at - FOLLOW_UP_MS) {
      this.entries.delete(conversation);
      return undefined;
    }
    return entry;
  }

  /** Remembers an answer that listed facts; any other answer leaves the conversation's subject as it was. */
  remember(conversation: string, command: Command, answer: Briefing, catalog: Catalog, now: Date): void {
    const shown = answer.sections.flatMap((section) => section.items.flatMap((item) => (item.factId ? [item.factId] : [])));
    const best = shown[0] && catalog.fact(shown[0]);
    if (!best) return;
    this.entries.delete(conversation);
    const subject = subjectOf(command, best);
    this.entries.set(conversation, { command, ...(subject ? { subject } : {}), shown, at: now.getTime() });
    for (const oldest of this.entries.keys()) {
      if (this.entries.size <= this.max) break;
      this.entries.delete(oldest);
    }
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
 * What a follow-up asks, given what the conversation's last answer was about: a command to
 * run, or the question with its pronoun replaced by the subject; undefined when it is no follow-up.
 */
export function followUp(text: string, last: Recalled, catalog: Catalog): Command | string | undefined {
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
  if (question.split(' ').length <= 10 && PRONOUN.test(question)) return text.replace(new RegExp(PRONOUN.source, 'i'), last.subject);
  return undefined;
}
