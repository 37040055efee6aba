// Follow-up questions in a conversation (a Slack thread or channel, a Teams conversation): within
// a few minutes of an answer, "what else?", "tell me more about it", "and Bertis?", "when was
// that?", "the second one", their Korean, and questions with "it", "they" or "she" use that
// answer's subject; "that spring", "the year after", "그해" its date. A follow-up is read into a
// typed command from the question as it was read and the subject (a dated one from the rest of
// the question read on its own): no text is rebuilt and parsed again. The memory is the process's own (lru-cache, at most MAX_CONVERSATIONS, each
// forgotten FOLLOW_UP_MS after its answer); a restart, or a follow-up that reaches another
// instance, costs that follow-up its context and nothing else (docs/questions.md says why).
import { LRUCache } from 'lru-cache';
import type { Briefing } from '../briefing/model.ts';
import { findAnaphoricDate, type RelativeMatch } from '../commands/relative-date.ts';
import type { Asks, Command } from '../commands/types.ts';
import type { FactDate } from '../dates/fact-date.ts';
import type { Catalog } from '../facts/catalog.ts';
import type { Fact } from '../facts/types.ts';
import { contentText } from '../facts/words.ts';

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
function wordsOf(command: Command): string {
  if (command.kind === 'search') return command.text;
  if (command.kind === 'on') return command.words ?? '';
  return '';
}

/**
 * The name of the best fact that the question used, else its first name, else the question's
 * words; a list of a date's facts has no subject (its first fact is no more its subject than the rest).
 */
function subjectOf(command: Command, best: Fact): string | undefined {
  if (command.kind !== 'fact' && !wordsOf(command)) return undefined;
  const asked = ` ${wordsOf(command).toLowerCase()} `;
  const names = [...best.entities, ...(best.aliases ?? [])];
  return names.find((name) => asked.includes(name.toLowerCase())) ?? best.entities[0] ?? wordsOf(command);
}

const normal = (text: string) =>
  text
    .toLowerCase()
    .replace(/[?!.,;:]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();

const MORE =
  /^(?:and |so )?(?:what|anything|who|which) else\b(.*)$|^(?:any ?more|more|(?:show|give) (?:me )?more|anything more|any others?|others|anything similar|something similar|similar ones?)(?: .*)?$|^(?:다른|딴|또|그 ?밖에|그 ?외|이 ?외|더)(?:\s|$|[건거것게은는도요]|소식|뉴스|에는|에도)/u;
const TELL_MORE = /^(?:tell me |say |show )?more(?: about| on)?(?: (.+))?$|^(?:details|go on|expand)(?: on (.+))?$/;
/** "더 알려줘", "자세히 설명해줘": the best fact in full. */
const KOREAN_TELL_MORE =
  /^(?:좀 ?)?(?:더 ?)?(?:자세히|자세하게|상세히|더)(?: ?(?:알려|말해|설명해|보여|얘기해|들려) ?(?:줘|줘요|주세요|줄래|줄래요))?$/u;
/** "what's the source?", "why?", "출처는?": the best fact in full, with its quote and source. */
const SOURCE_OR_WHY =
  /^(?:(?:what(?:'s| is)|where(?:'s| is)|show me|give me) )?(?:the )?(?:source|sources|link|reference|citation)s?(?: for (?:that|it|this))?$|^why$|^(?:출처|근거)(?:[는가를은]|가 뭐야| 알려줘| 있어)?$|^왜(?:요)?$/u;
/** "the second one", "tell me about the third", "두 번째 거": a fact the last answer listed, by its place. */
const ORDINAL =
  /^(?:(?:tell me (?:more )?about|what about|how about|and|show me|open|more on|details on|details of) )?the (first|second|third|fourth|fifth|1st|2nd|3rd|4th|5th|last)(?: one| fact| result| item)?$|^(?:(첫|두|세|네|다섯) ?(?:번 ?)?째|(마지막))(?: ?(?:거|것|건|기사|소식))?(?:[은는이가도요]|\s|$)/u;
const PLACES: Record<string, number> = {
  first: 0,
  '1st': 0,
  첫: 0,
  second: 1,
  '2nd': 1,
  두: 1,
  third: 2,
  '3rd': 2,
  세: 2,
  fourth: 3,
  '4th': 3,
  네: 3,
  fifth: 4,
  '5th': 4,
  다섯: 4,
};
const REFERS = /^(?:it|that|this|them|those|these|that one|this one|the first one|the first)$/;
const AND_ABOUT = /^(?:and|what about|how about|and what about|and about)\s+(.+)$/i;
const WHEN_THAT =
  /^when (?:was|did|is) (?:that|it|this|they|she|he)(?: happen| come out| take place)?$|^(?:그건|그게|그거|그것은|그것이|이건|이게)? ?언제(?:야|예요|에요|였어|였어요|였지|였나요|인가요|죠|지)?$/u;
const BARE_QUESTION = /^(?:and )?(?:(when|who|how many|how much)|where|what|which|how)$|^(누가|누구|몇|얼마|어디)(?:야|예요|에요|요)?$/u;
const BARE_ASKS: Record<string, Asks> = {
  when: 'when',
  who: 'who',
  'how many': 'how-many',
  'how much': 'how-many',
  누가: 'who',
  누구: 'who',
  몇: 'how-many',
  얼마: 'how-many',
};
/** A short Korean question that is a name and a topic particle ("루닛은?", "뷰노는요?"): "and Lunit?". */
const KOREAN_AND = /(?:은|는|도)(?:요)?$/u;
/** Words that ask for what the last answer did not show. */
const ELSE = /\b(?:else|other|others|another)\b|다른|또|그 ?밖에|그 ?외/u;
const ELSE_WORDS = new Set(['else', 'other', 'others', 'another', 'more']);
/**
 * Words that stand for the last answer's subject in a short question. Not possessives: in "did
 * Korea approve its first device" the "its" is Korea's.
 */
const PRONOUN = /\b(?:it|they|them|she|he|him|there|that company|this company|the company)\b/;

/** Words in a follow-up that says only "older" or "later" of the last answer's date ("anything more recent on Lunit?"). */
const SHORT = 6;

/** Reads a text as the parser does (a Korean one through the pack's vocabulary): for the part of a follow-up left when its date is taken out. */
export type Reader = (text: string) => Command | undefined;

/**
 * What a follow-up asks, given what the conversation's last answer was about: the command to run
 * (the question as read, `asked`, with its pronoun replaced by the subject, when that is all it
 * needs); undefined when it is no follow-up.
 */
export function followUp(text: string, asked: Command | undefined, last: Recalled, catalog: Catalog, read: Reader): Command | undefined {
  const question = normal(text);
  const exclude = last.shown;
  const anchor = asked?.kind === 'on' ? undefined : anchorOf(last, catalog);
  const dated = anchor && findAnaphoricDate(text, anchor);
  // "anything older?" follows up; "which was approved earlier, Lunit's device or Vuno's?" is a question of its own.
  const open = dated && (!dated.date.from || !dated.date.to);
  if (dated && !(open && question.split(' ').length > SHORT)) return datedFollowUp(text, dated, last, read);
  if (KOREAN_TELL_MORE.test(question) || SOURCE_OR_WHY.test(question)) return { kind: 'fact', id: last.shown[0]! };
  const ordinal = ORDINAL.exec(question);
  const place = ordinal && (PLACES[ordinal[1] ?? ordinal[2] ?? ''] ?? last.shown.length - 1);
  if (place !== null && last.shown[place]) return { kind: 'fact', id: last.shown[place] };
  const more = MORE.exec(question);
  if (more) {
    const previous = last.command;
    // "who else signed with Merck?": the words asked, less what the last answer showed; "what else happened in 2023?" that date's.
    const words = askedWords(asked);
    if (asked?.kind === 'on') {
      const { words: _asked, ...dated } = asked;
      return { ...dated, ...(words ? { words } : {}), exclude };
    }
    if (words && !PRONOUN.test(question)) return { kind: 'search', text: words, exclude, ...asksOf(asked) };
    // Nothing else names the subject: the rest of the best fact's theme.
    const best = catalog.fact(last.shown[0]!);
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
  // "who?", "how many?", "where?": the question word alone asks it of the subject.
  const bare = BARE_QUESTION.exec(question);
  const bareAsks = bare && BARE_ASKS[bare[1] ?? bare[2] ?? ''];
  if (bare) return { kind: 'search', text: last.subject, ...(bareAsks ? { asks: bareAsks } : {}) };
  // "and in 2022?", "what about last year?", "2022년에는?": the subject at that date.
  if (asked?.kind === 'on' && !asked.words && (AND_ABOUT.test(question) || /^in /.test(question) || KOREAN_AND.test(question))) {
    return { ...asked, words: last.subject, ...asksOf(last.command) };
  }
  // "where was that?", "who was it?": a question that names nothing asks about the subject.
  if (asked?.kind === 'search' && !askedWords(asked) && question.split(' ').length <= 6) {
    return { kind: 'search', text: last.subject, ...asksOf(asked) };
  }
  const subject = otherSubject(text, asked);
  if (subject) {
    const previous = last.command;
    if (previous.kind === 'on') return { kind: 'on', date: previous.date, words: subject };
    return { kind: 'search', text: subject, ...(previous.kind === 'search' && previous.asks ? { asks: previous.asks } : {}) };
  }
  if (asked && question.split(' ').length <= 10 && PRONOUN.test(question)) return withSubject(asked, last.subject);
  return undefined;
}

/** The new subject of "and Bertis?", "what about Lunit?" (matched as typed, so that it keeps its capitals) or "루닛은?". */
function otherSubject(text: string, asked: Command | undefined): string | undefined {
  const other = AND_ABOUT.exec(text.trim().replace(/[?!.]+$/, ''))?.[1]?.trim();
  if (other && other.split(' ').length <= 4) return other;
  const korean = text.trim().replace(/[?!.]+$/, '');
  const read = asked?.kind === 'search' && !asked.asks ? asked.text : '';
  return KOREAN_AND.test(korean) && read && korean.split(' ').length <= 2 && read.split(' ').length <= 2 ? read : undefined;
}

/** The content words of a question as read, less the words that only ask for more ("else", "other"). */
function askedWords(asked: Command | undefined): string {
  const text = asked?.kind === 'search' ? asked.text : asked?.kind === 'on' ? (asked.words ?? '') : '';
  return contentText(text)
    .split(' ')
    .filter((word) => word && !ELSE_WORDS.has(word.toLowerCase()))
    .join(' ');
}

const asksOf = (asked: Command | undefined) =>
  (asked?.kind === 'search' || asked?.kind === 'on') && asked.asks ? { asks: asked.asks } : {};

/** The last answer's date: the date it was asked about, else its best fact's. */
function anchorOf(last: Recalled, catalog: Catalog): FactDate | undefined {
  const previous = last.command;
  if (previous.kind === 'on') {
    const date = previous.date;
    if (date.kind === 'year') return { precision: 'year', year: date.year };
    if (date.kind === 'month') return { precision: 'month', year: date.year, month: date.month };
    if (date.kind === 'day') return { precision: 'day', year: date.year, month: date.month, day: date.day };
  }
  return catalog.fact(last.shown[0]!)?.date;
}

/**
 * A follow-up dated by the last answer ("what else got approved that spring?", "anything
 * older?", "그해 다른 소식은?"): that date's facts that the rest of the question finds, read as a
 * question of its own; with a pronoun (or, for "older" and "later", nothing else asked) about the
 * subject; "else" leaves out what was shown.
 */
function datedFollowUp(text: string, dated: RelativeMatch, last: Recalled, read: Reader): Command {
  const rest = `${text.slice(0, dated.index)} ${text.slice(dated.index + dated.phrase.length)}`;
  const again = read(rest);
  const words = askedWords(again);
  const open = !dated.date.from || !dated.date.to;
  const aboutSubject = last.subject && (PRONOUN.test(normal(rest)) || (open && !words));
  const about = [words, aboutSubject ? last.subject : ''].filter(Boolean).join(' ');
  return {
    kind: 'on',
    date: dated.date,
    ...(about ? { words: about } : {}),
    ...asksOf(again),
    ...(ELSE.test(normal(text)) || open ? { exclude: last.shown } : {}),
  };
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
