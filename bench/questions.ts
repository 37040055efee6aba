// `npm run bench:questions`: asks the question set (tests/questions/questions.yaml) through the
// core and prints the share answered as expected, per rule and in all, with each miss and why.
import { join } from 'node:path';
import { Dateline } from '../src/dateline.ts';
import { openCatalog } from '../src/facts/open.ts';
import { judge, loadQuestions, QUESTIONS_AT, QUESTIONS_ZONE } from '../tests/questions/question-set.ts';

const dateline = new Dateline(openCatalog(join(import.meta.dirname, '..', 'facts')), QUESTIONS_ZONE);
const ask = (text: string) => dateline.ask(text, { now: QUESTIONS_AT, zone: QUESTIONS_ZONE });

const byRule = new Map<string, { asked: number; expected: number }>();
const misses: string[] = [];
const questions = loadQuestions();
for (const question of questions) {
  const problems = await judge(question, await ask(question.ask), ask);
  const tally = byRule.get(question.rule) ?? { asked: 0, expected: 0 };
  tally.asked++;
  if (problems.length === 0) tally.expected++;
  else misses.push(`${question.rule}: ${JSON.stringify(question.ask)}: ${problems.join('; ')}`);
  byRule.set(question.rule, tally);
}

const percent = (part: number, whole: number) => `${((100 * part) / whole).toFixed(1)}%`;
console.log(`Question set: ${questions.length} phrasings asked at ${QUESTIONS_AT.toISOString()} in ${QUESTIONS_ZONE}\n`);
console.table(
  [...byRule].map(([rule, { asked, expected }]) => ({ rule, asked, 'as expected': expected, share: percent(expected, asked) })),
);
const answered = questions.length - misses.length;
console.log(`Answered as expected: ${answered} of ${questions.length} (${percent(answered, questions.length)})`);
for (const miss of misses) console.log(`  miss — ${miss}`);
