// What kind of detail a question asks for, and whether a fact states it. "How much did Daewoong
// put into Vincere?" asks for an amount of money; the fact that HanAll and Daewoong co-invested
// names no amount, so it is offered as near, not given as the answer. Kinds: an amount of money
// (a price, a cost, a sum invested: a figure with a currency), a figure (how many, how big, 몇,
// 얼마: a number that is not a date), a date (when: a dated fact; "what exact day": a fact dated
// to the day) and names (which compounds, which countries, who, what is it called: a name none of
// whose words the question gives: "Merck" gives Merck Korea). See docs/questions.md.
import type { Asks } from '../commands/types.ts';
import type { Fact } from '../facts/types.ts';
import { contentWords } from '../facts/words.ts';

export type DetailKind = 'amount' | 'figure' | 'names' | 'date' | 'day';

export interface Detail {
  kind: DetailKind;
  /** What the reply calls it: "the amount", "the price", "the number of patients", "which compounds". */
  label: string;
}

/** Nouns that ask for a sum of money wherever they stand ("the reimbursement price", "Vuno's revenue", 가격). */
const AMOUNT_NOUN =
  /\b(?:price|prices|pricing|cost|costs|fee|fees|amount|sum|revenue|revenues|sales|valuation|budget|salary|profit|profits|money)\b|가격|비용|금액|매출|돈|투자금|투자액|수익/iu;
/** Verbs that make "how much" ask for money ("how much did they put into Vincere?"). */
const MONEY_VERB =
  /\b(?:invest\w*|put|puts|pay|pays|paid|spend\w*|spent|raise[sd]?|raising|fund\w*|worth|charge[sd]?|earn\w*|sell\w*|sold|cost\w*|buy\w*|bought)\b|투자/iu;
const HOW_MUCH = /\bhow\s+much\b/i;
/** "which compounds…", "what certifications…", "which Korean firms…": which or what and a plural noun within three words. */
const WHICH_PLURAL = /^(?:so\s+|and\s+)?(?:which|what)\s+((?:[\p{L}-]+\s+){0,2}?)([\p{L}-]{3,}?s)\b/iu;
/** Words ending in s that are no plural noun after which or what. */
const NOT_PLURAL = new Set([
  'is',
  'was',
  'has',
  'does',
  'this',
  'its',
  'his',
  'as',
  'us',
  'yes',
  'news',
  'status',
  'analysis',
  'diagnosis',
]);
/** "What exact day", "the precise date": a day, not a month. */
const EXACT_DAY = /\b(?:exact|precise|which|what)\s+(?:day|date)\b/i;
/** "What is it called?", "what's its name?", 이름: a name, which the question does not give ("the name of X" is read as X: parse.ts). */
const NAME_ASKED = /\b(?:called|named)\s*\??$|\bwhat(?:'s|\s+is)\s+(?:its|their)\s+name\b|이름/iu;
/** The noun "how many" counts: the words after it up to the verb ("how many patients did …"). */
const HOW_MANY_NOUN = /\bhow\s+many\s+((?:[\p{L}-]+\s+){0,3}?)([\p{L}-]+s)\b/iu;

/** The detail a question asks for, when it asks for one kind: `asks` is what its first words ask (parse.ts). */
export function askedDetail(question: string, asks?: Asks): Detail | undefined {
  const text = question.normalize('NFKC');
  const amountNoun = AMOUNT_NOUN.exec(text)?.[0].toLowerCase();
  if (amountNoun && (asks === 'how-many' || HOW_MUCH.test(text) || /^(?:so\s+|and\s+)?(?:what|which)\b/i.test(text)))
    return { kind: 'amount', label: /^[a-z]+$/.test(amountNoun) && amountNoun !== 'money' ? `the ${amountNoun}` : 'the amount' };
  if (HOW_MUCH.test(text) && MONEY_VERB.test(text)) return { kind: 'amount', label: 'the amount' };
  if (asks === 'how-many') {
    const counted = HOW_MANY_NOUN.exec(text)?.[2];
    return { kind: 'figure', label: counted ? `the number of ${counted.toLowerCase()}` : 'the figure' };
  }
  if (EXACT_DAY.test(text)) return { kind: 'day', label: 'the day' };
  if (NAME_ASKED.test(text)) return { kind: 'names', label: 'the name' };
  if (asks === 'when') return { kind: 'date', label: 'the date' };
  const which = WHICH_PLURAL.exec(text);
  const noun = which?.[2]?.toLowerCase();
  if (noun && !NOT_PLURAL.has(noun)) return { kind: 'names', label: `which ${noun}` };
  if (asks === 'who') return { kind: 'names', label: 'who' };
  return undefined;
}

/** A sum of money: "$2.11 billion", "₩3bn", "5 million won", "USD 20m". */
const CURRENCY =
  /[$€£¥₩]\s?\d|\b\d[\d.,]*\s*(?:(?:thousand|million|billion|trillion|bn|mn|m|k)\s*)?(?:won|dollars?|usd|krw|euros?|eur|yen|jpy|pounds?)\b|\b(?:usd|krw|eur|jpy)\s?\d|\d\s*(?:원|달러|억|만\s*원)/iu;
/** A year as a date ("in 2023", "March 2023", "since 2018", "by 2030"), not a figure. */
const YEAR_AS_DATE =
  /\b(?:in|since|by|from|to|until|of|during|before|after|january|february|march|april|may|june|july|august|september|october|november|december),?\s+(?:19|20)\d\d\b|\b\d{1,2},\s+(?:19|20)\d\d\b/giu;
/** A number written as a word: "three weeks", "a dozen". */
const NUMBER_WORD =
  /\b(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|fifty|hundred|hundreds|thousand|thousands|million|millions|billion|billions|dozen|dozens|half)\b/i;

/** Whether a fact states the kind of detail asked: an amount with a currency, a figure, a date, or a name none of whose words the question gives ("Merck" gives Merck Korea). */
export function states(fact: Fact, detail: Detail, question: string): boolean {
  const text = `${fact.title} ${fact.summary}`;
  switch (detail.kind) {
    case 'amount':
      return CURRENCY.test(text);
    case 'figure':
      return CURRENCY.test(text) || /\d/.test(text.replace(YEAR_AS_DATE, ' ')) || NUMBER_WORD.test(text);
    case 'date':
      return fact.date !== undefined;
    case 'day':
      return fact.date?.precision === 'day';
    case 'names': {
      const asked = new Set(contentWords(question));
      return fact.entities.some((name) => !contentWords(name).some((word) => asked.has(word)));
    }
  }
}
