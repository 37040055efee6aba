// The question set through the core (Dateline.ask on the shipped pack): every phrasing answers
// as a person expects. The same set goes through Slack and Teams in tests/contract/same-facts.test.ts.
import { describe, expect, it } from 'vitest';
import { Dateline } from '../../src/dateline.ts';
import { openCatalog } from '../../src/facts/open.ts';
import { FACTS_DIR } from '../unit/support.ts';
import { judge, loadQuestions, QUESTIONS_AT, QUESTIONS_ZONE } from './question-set.ts';

const dateline = new Dateline(openCatalog(FACTS_DIR), QUESTIONS_ZONE);
const ask = (text: string) => dateline.ask(text, { now: QUESTIONS_AT, zone: QUESTIONS_ZONE });
const questions = loadQuestions();

describe('plain questions answer as a person expects', () => {
  it.each(questions.map((question) => [question.rule, question.ask, question] as const))('%s: %j', async (_rule, text, question) => {
    expect(await judge(question, await ask(text), ask)).toEqual([]);
  });
});

describe('the question set', () => {
  it('covers every rule of issue 11 and can fail', async () => {
    const rules = new Set(questions.map((question) => question.rule));
    for (const rule of [
      'intent',
      'small-talk',
      'date',
      'range',
      'target-year',
      'date-words',
      'search',
      'korean',
      'synonym',
      'misspelt',
      'unrelated',
      'theme',
    ]) {
      expect(rules, rule).toContain(rule);
    }
    // A wrong answer is caught: "today" is not the answer to "what's new?".
    const wrong = await judge({ rule: 'intent', ask: "what's new?", same: 'latest' }, await ask('today'), ask);
    expect(wrong).toHaveLength(1);
  });
});
