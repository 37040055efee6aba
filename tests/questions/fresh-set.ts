// The fresh question sets (fresh-dev*.yaml, fresh-held-out*.yaml): questions written by someone who
// read only the pack and the article, never the code, each with the facts a careful person would
// accept. A question scores when one of those facts is among the first three listed, or, for one
// that the pack cannot answer (`expect: []`), when nothing is listed. The held-out sets are kept
// aside: `npm run bench:questions` prints their scores, and their misses only when asked to.
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { z } from 'zod';
import type { Briefing } from '../../src/briefing/model.ts';
import { listedFacts } from './question-set.ts';

/** The instant and zone a fresh question is asked at, unless it gives its own `at`. */
export const FRESH_AT = new Date('2026-06-15T10:00:00+09:00');
export const FRESH_ZONE = 'Asia/Seoul';
/** A question scores when an expected fact is among this many first listed. */
export const TOP = 3;

const questionSchema = z.strictObject({
  ask: z.string(),
  expect: z.array(z.string()),
  answer: z.string(),
  class: z.string(),
  at: z.iso.datetime({ offset: true }).optional(),
  /** The earlier questions of the same conversation, in order (follow-ups only). */
  after: z.array(z.string()).optional(),
});

export type FreshQuestion = z.infer<typeof questionSchema>;
export type FreshSet = 'dev' | 'dev-2' | 'held-out' | 'held-out-2' | 'held-out-3';

export function loadFreshSet(set: FreshSet): FreshQuestion[] {
  const text = readFileSync(new URL(`./fresh-${set}.yaml`, import.meta.url), 'utf8');
  return z.strictObject({ questions: z.array(questionSchema).min(50) }).parse(parse(text)).questions;
}

/** Asks one text in a conversation, at an instant; the same conversation key for a question and its `after`. */
export type ConversationAsk = (text: string, at: Date, conversation: string) => Promise<Briefing>;

export interface FreshResult {
  question: FreshQuestion;
  scored: boolean;
  /** The first facts listed, for a miss's explanation. */
  listed: string[];
  title: string;
}

/** Asks a question (its `after` first, in the same conversation) and scores the answer. */
export async function scoreFresh(question: FreshQuestion, conversation: string, ask: ConversationAsk): Promise<FreshResult> {
  const at = question.at ? new Date(question.at) : FRESH_AT;
  for (const earlier of question.after ?? []) await ask(earlier, at, conversation);
  const answer = await ask(question.ask, at, conversation);
  const listed = listedFacts(answer);
  const scored = question.expect.length === 0 ? listed.length === 0 : listed.slice(0, TOP).some((id) => question.expect.includes(id));
  return { question, scored, listed: listed.slice(0, TOP), title: answer.title };
}
