// The question set (questions.yaml): loads its cases and judges an answer against what a person
// expects, so that the core suite, the contract suite and `npm run bench:questions` agree.
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { z } from 'zod';
import type { Briefing } from '../../src/briefing/model.ts';

/** The instant and zone the set is asked at: the contract suite's (15 June 2026 in Seoul). */
export const QUESTIONS_AT = new Date('2026-06-15T01:00:00Z');
export const QUESTIONS_ZONE = 'Asia/Seoul';

const caseSchema = z.strictObject({
  rule: z.string(),
  ask: z.string(),
  same: z.string().optional(),
  facts: z.array(z.string()).optional(),
  includes: z.array(z.string()).optional(),
  first: z.string().optional(),
  title: z.string().optional(),
  suggests: z.string().optional(),
  kind: z.enum(['notice', 'error', 'briefing', 'help']).optional(),
});

export type QuestionCase = z.infer<typeof caseSchema>;

export function loadQuestions(): QuestionCase[] {
  const text = readFileSync(new URL('./questions.yaml', import.meta.url), 'utf8');
  return z.strictObject({ cases: z.array(caseSchema).min(80) }).parse(parse(text)).cases;
}

export const listedFacts = (briefing: Briefing) =>
  briefing.sections.flatMap((section) => section.items.flatMap((item) => (item.factId ? [item.factId] : [])));

const sorted = (ids: readonly string[]) => [...ids].sort();

/** What is wrong with an answer, one line per problem; empty when it is what the case expects. */
export async function judge(question: QuestionCase, answer: Briefing, ask: (text: string) => Promise<Briefing>): Promise<string[]> {
  const problems: string[] = [];
  const listed = listedFacts(answer);
  if (question.same !== undefined) {
    const expected = await ask(question.same);
    if (answer.title !== expected.title || answer.kind !== expected.kind || listed.join() !== listedFacts(expected).join()) {
      problems.push(`expected the answer to "${question.same}" ("${expected.title}"), got "${answer.title}"`);
    }
  }
  if (question.facts && sorted(listed).join() !== sorted(question.facts).join()) {
    problems.push(`expected facts [${question.facts.join(', ')}], got [${listed.join(', ')}]`);
  }
  const missing = (question.includes ?? []).filter((id) => !listed.includes(id));
  if (missing.length > 0) problems.push(`expected facts among the answer: ${missing.join(', ')}; got [${listed.join(', ')}]`);
  if (question.first && listed[0] !== question.first) problems.push(`expected ${question.first} first, got ${listed[0] ?? 'nothing'}`);
  if (question.title && !new RegExp(question.title, 'i').test(answer.title))
    problems.push(`expected a title matching /${question.title}/, got "${answer.title}"`);
  if (question.suggests && !answer.suggestions.some((command) => new RegExp(question.suggests!, 'i').test(command))) {
    problems.push(`expected a suggestion matching /${question.suggests}/, got [${answer.suggestions.join(', ')}]`);
  }
  if (question.kind && answer.kind !== question.kind) problems.push(`expected a ${question.kind}, got a ${answer.kind}`);
  return problems;
}
