// `npm run bench:questions`: asks the question sets through the core and prints the share
// answered as expected: the old set (tests/questions/questions.yaml, written with the code: a
// regression guard), the two fresh dev sets, and the three fresh held-out sets (each written by
// someone who read only the pack and the article). Misses are listed for the old and dev sets; a
// held-out set's misses only with --show-<set> (--show-held-out-3), so that it can stay unread
// while the code is tuned.
import { join } from 'node:path';
import { Dateline } from '../src/dateline.ts';
import { openCatalog } from '../src/facts/open.ts';
import { FRESH_ZONE, loadFreshSet, scoreFresh, type FreshSet } from '../tests/questions/fresh-set.ts';
import { judge, loadQuestions, QUESTIONS_AT, QUESTIONS_ZONE } from '../tests/questions/question-set.ts';

const dateline = new Dateline(openCatalog(join(import.meta.dirname, '..', 'facts')), QUESTIONS_ZONE);
const percent = (part: number, whole: number) => `${((100 * part) / whole).toFixed(1)}%`;
const summary: { set: string; asked: number; 'as expected': number; share: string }[] = [];

async function oldSet(): Promise<void> {
  const ask = (text: string) => dateline.ask(text, { now: QUESTIONS_AT, zone: QUESTIONS_ZONE });
  const questions = loadQuestions();
  const misses: string[] = [];
  for (const question of questions) {
    const problems = await judge(question, await ask(question.ask), ask);
    if (problems.length > 0) misses.push(`${question.rule}: ${JSON.stringify(question.ask)}: ${problems.join('; ')}`);
  }
  const answered = questions.length - misses.length;
  summary.push({
    set: 'old (written with the code)',
    asked: questions.length,
    'as expected': answered,
    share: percent(answered, questions.length),
  });
  for (const miss of misses) console.log(`  old miss — ${miss}`);
}

async function freshSet(set: FreshSet): Promise<void> {
  const showMisses = set.startsWith('dev') || process.argv.includes(`--show-${set}`);
  const questions = loadFreshSet(set);
  const byClass = new Map<string, { asked: number; scored: number }>();
  let scored = 0;
  for (const [index, question] of questions.entries()) {
    const result = await scoreFresh(question, `${set}-${index}`, (text, now, conversation) =>
      dateline.ask(text, { now, zone: FRESH_ZONE, channel: { platform: 'teams', workspace: 'bench', channel: conversation } }),
    );
    const tally = byClass.get(question.class) ?? { asked: 0, scored: 0 };
    tally.asked++;
    if (result.scored) {
      tally.scored++;
      scored++;
    } else if (showMisses) {
      console.log(
        `  ${set} miss — ${question.class}: ${JSON.stringify(question.ask)} expected [${question.expect.join(', ')}], got "${result.title}" [${result.listed.join(', ')}]`,
      );
    }
    byClass.set(question.class, tally);
  }
  if (showMisses) {
    console.table([...byClass].map(([kind, { asked, scored: hit }]) => ({ class: kind, asked, scored: hit, share: percent(hit, asked) })));
  }
  summary.push({ set: `fresh ${set}`, asked: questions.length, 'as expected': scored, share: percent(scored, questions.length) });
}

await oldSet();
await freshSet('dev');
await freshSet('dev-2');
await freshSet('held-out');
await freshSet('held-out-2');
await freshSet('held-out-3');
console.log(
  '\nQuestion sets (a fresh question scores when an expected fact is among the first three listed, or nothing is listed where nothing should be):',
);
console.table(summary);
