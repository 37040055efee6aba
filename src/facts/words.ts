// How text becomes search words, the same for the index and for a question: split on spaces,
// punctuation and symbols ("2023~2027" is two words), folded to lower case, a Korean particle
// cut from the end of a Hangul word (루닛의, 루닛은 → 루닛), an English plural "s" cut
// (hospitals → hospital, MoUs → mou), and stopwords and question words dropped. Besides the
// words as written, a word's Porter2 stem (invested, investment → invest: Snowball's English
// stemmer) and a punctuated word joined (R&D → rd, COVID-19 → covid19) are further forms of it.
// Chat abbreviations and short figures are written out first, on both sides (s/w → software,
// $2.11bn → $2.11 billion).
import { eng, kor } from 'stopword';
import porter2 from 'wink-porter2-stemmer';

/** Words that ask rather than name ("what happened", "tell me about", "any news on"). */
const QUESTION_WORDS =
  'anything something everything happened happen happens happening going tell show give find know list news new latest recent ' +
  'recently update updates info information please thanks whats what’s dateline there any ever us me let hear learn heard talk ' +
  'will be big much many use uses used using ask may when whose why 소식 뉴스 알려줘 알려 주세요 대해 대해서 관련 관련된 뭐 무엇 무슨 있어 있나요 있어요 최근 어때 궁금해';

/** Single letters too: the "s" of "what's" or "Lunit's" names nothing. */
const STOP_WORDS = new Set([...eng, ...kor, ...QUESTION_WORDS.split(' '), ...'abcdefghijklmnopqrstuvwxyz']);

/** Particles that follow a Korean noun, longest first so that 에서 is cut before 에. */
const PARTICLES = [
  '에서는',
  '에서',
  '으로',
  '에게',
  '한테',
  '까지',
  '부터',
  '이랑',
  '처럼',
  '보다',
  '은',
  '는',
  '이',
  '가',
  '을',
  '를',
  '의',
  '에',
  '와',
  '과',
  '도',
  '로',
  '랑',
  '만',
];
const HANGUL_WORD = /^\p{Script=Hangul}+$/u;
/** "hospitals", "MoUs", "CEOs", not "ss" (access) nor three letters (ais); mfds is cut too, the same on both sides. */
const PLURAL = /^[a-z]{2,}[^s]s$/;
/** Words the stemmer reads: Latin letters only (not "covid19", not Hangul). */
const STEMMED = /^[a-z]{4,}$/;
/** A run of letters and digits joined by punctuation inside it: R&D, COVID-19, 510(k), e-health, 2.11bn. */
const PUNCTUATED = /[\p{L}\p{N}]+(?:[-&./()+][\p{L}\p{N}]+\)?)+/gu;

export const WORD_SEPARATORS = /[\s\p{P}\p{S}]+/u;

/** The words of a text, lower-cased, particles cut, nothing removed. */
export function tokenize(text: string): string[] {
  return text.normalize('NFKC').toLowerCase().split(WORD_SEPARATORS).filter(Boolean).map(stem);
}

/** The word as the index keeps it, or null for a stopword. */
export function searchTerm(word: string): string | null {
  const lower = word.normalize('NFKC').toLowerCase();
  return STOP_WORDS.has(lower) ? null : stem(lower);
}

/** The words of a text that can find something: what a question is about. */
export function contentWords(text: string): string[] {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .split(WORD_SEPARATORS)
    .filter((word) => word && !STOP_WORDS.has(word))
    .map(stem)
    .filter((word) => !STOP_WORDS.has(word));
}

/** A word of a question: its search term, and for a punctuated one ("R&D", "COVID-19") its parts. */
export interface QuestionWord {
  /** As typed, for a reply ("Nothing on Hyundai"). */
  typed: string;
  term: string;
  /** The content words a punctuated word is made of, searched instead when no fact has it joined. */
  parts: string[];
  /** Capitalised after the question's first word: a name, not filler, when no fact has it. */
  named: boolean;
}

/**
 * Chat abbreviations, each with the words it stands for: an empty one only hedges or greets and
 * is dropped ("approx", "fyi"; "USD", since facts write dollars as "$"). Lower case, as typed
 * without the punctuation that may end it ("govt." is govt).
 */
const ABBREVIATIONS = new Map<string, string>(
  Object.entries({
    's/w': 'software',
    'h/w': 'hardware',
    govt: 'government',
    "gov't": 'government',
    gov: 'government',
    intl: 'international',
    "int'l": 'international',
    natl: 'national',
    dept: 'department',
    mgmt: 'management',
    univ: 'university',
    assoc: 'association',
    corp: 'corporation',
    biz: 'business',
    mkt: 'market',
    regs: 'regulations',
    reg: 'regulation',
    dev: 'development',
    pharma: 'pharmaceutical',
    dx: 'diagnosis',
    tx: 'treatment',
    pts: 'patients',
    hosp: 'hospital',
    hosps: 'hospitals',
    ppl: 'people',
    yr: 'year',
    yrs: 'years',
    'u.s.': 'united states',
    'u.s': 'united states',
    'w/': 'with',
    'w/o': 'without',
    'b/c': 'because',
    abt: 'about',
    approx: '',
    usd: '',
    fyi: '',
    btw: '',
    pls: '',
    plz: '',
    thx: '',
    asap: '',
  }),
);

/** A figure with a multiplier after it: "$2.11bn", "3mn", and "b", "m" or "k" only after a currency sign ("$40m", "$500k"; "510k" is no figure). */
const FIGURE = /(?<![\p{L}\p{N}])([$€£₩]?)(\d+(?:\.\d+)?)(bn|mn|k|b|m)(?![\p{L}\p{N}])/giu;
const MULTIPLIERS: Record<string, string> = { bn: 'billion', b: 'billion', mn: 'million', m: 'million' };

/**
 * A question with its chat abbreviations written out ("s/w" → software, "govt" → government) and
 * its figures' multipliers as the facts write them ("$2.11bn" → $2.11 billion, "$500k" → $500000).
 */
export function writtenOut(text: string): string {
  return text
    .normalize('NFKC')
    .replace(FIGURE, (figure, currency: string, amount: string, multiplier: string) => {
      const unit = multiplier.toLowerCase();
      if (!currency && unit.length === 1) return figure;
      return unit === 'k' ? `${currency}${Math.round(Number(amount) * 1000)}` : `${currency}${amount} ${MULTIPLIERS[unit]}`;
    })
    .split(/(\s+)/)
    .map((chunk) => {
      const [, word, after] = /^(.*?)([?!,;:.]*)$/u.exec(chunk)!;
      const written = ABBREVIATIONS.get(word!.toLowerCase()) ?? ABBREVIATIONS.get(chunk.toLowerCase());
      return written === undefined ? chunk : `${written}${after}`;
    })
    .join('');
}

/** The content words of a question, a punctuated word kept whole (joined) besides its parts. */
export function questionWords(text: string): QuestionWord[] {
  const words: QuestionWord[] = [];
  const seen = new Set<string>();
  const add = (word: QuestionWord) => {
    if (seen.has(word.term)) return;
    seen.add(word.term);
    words.push(word);
  };
  writtenOut(text)
    .split(/\s+/)
    .filter(Boolean)
    .forEach((chunk, index) => {
      const named = index > 0 && /^\p{Lu}/u.test(chunk);
      const parts = contentWords(chunk);
      const [joined] = joinedWords(chunk);
      if (joined) add({ typed: chunk.replace(/[^\p{L}\p{N})]+$/u, ''), term: joined, parts, named });
      else
        for (const term of parts)
          add({ typed: parts.length === 1 ? chunk.replace(/^\P{L}+|(['’]s)?[^\p{L}\p{N}]*$/gu, '') : term, term, parts: [], named });
    });
  return words;
}

/** A word a question attaches to a name: "the CEO of Vuno" → ceo and vuno. */
export interface BoundWord {
  word: string;
  name: string;
  /** As typed, for a reply ("Nothing on CEO of Vuno"). */
  typed: string;
}

/** Articles between a word and the "of" that binds it to a name. */
const ARTICLES = new Set(['the', 'a', 'an']);

/**
 * The words a question attaches to a name by "of", as search terms: "the CEO of Vuno". Whether
 * the second is a name is for the index to say (SearchIndex's `search`). A possessive binds less
 * closely ("Coreline Soft's brain haemorrhage … software"): it is not read.
 */
export function boundWords(text: string): BoundWord[] {
  const typed = text.normalize('NFKC').split(/\s+/).filter(Boolean);
  const chunks = typed.map((chunk) => chunk.toLowerCase());
  const bound: BoundWord[] = [];
  const as = (from: number, to: number) =>
    typed
      .slice(from, to + 1)
      .join(' ')
      .replace(/[^\p{L}\p{N}]+$/u, '');
  const term = (chunk: string | undefined) => (chunk ? (contentWords(chunk.replace(/['’]s\b/, ''))[0] ?? null) : null);
  chunks.forEach((chunk, i) => {
    if (chunk === 'of') {
      const skip = ARTICLES.has(chunks[i + 1] ?? '') ? 1 : 0;
      const before = ARTICLES.has(chunks[i - 1] ?? '') ? null : term(chunks[i - 1]);
      const after = term(chunks[i + 1 + skip]);
      if (before && after) bound.push({ word: before, name: after, typed: as(i - 1, i + 1 + skip) });
    }
  });
  return bound;
}

/** The content words of a text as they were typed ("what did Lunit do" → "Lunit"), for titles. */
export function contentText(text: string): string {
  return text
    .split(/\s+/)
    .filter((word) => contentWords(word).length > 0)
    .join(' ');
}

/**
 * Stems already worked out: the stemmer takes some 20 µs a word, and an index of 100,000 facts
 * has millions of words but few distinct ones. Emptied when full, so that questions cannot grow it.
 */
const stems = new Map<string, string>();
const MAX_STEMS = 200_000;

/** The word's stem when it differs from the word: "investment" → "invest"; undefined for "lunit". */
export function stemOf(term: string): string | undefined {
  if (!STEMMED.test(term)) return undefined;
  let stemmed = stems.get(term);
  if (stemmed === undefined) {
    if (stems.size >= MAX_STEMS) stems.clear();
    stemmed = porter2(term);
    stems.set(term, stemmed);
  }
  return stemmed !== term && stemmed.length >= 3 ? stemmed : undefined;
}

/**
 * The punctuated words of a text joined into one ("R&D" → "rd", "COVID-19" → "covid19", "510(k)"
 * → "510k"), when the joined word is not a stopword: they are indexed besides their parts.
 */
export function joinedWords(text: string): string[] {
  const joined: string[] = [];
  for (const [written] of text.normalize('NFKC').toLowerCase().matchAll(PUNCTUATED)) {
    const word = written.replace(/[^\p{L}\p{N}]/gu, '');
    if (!/^\d+$/.test(word) && !STOP_WORDS.has(word)) joined.push(stem(word));
  }
  return joined;
}

function stem(word: string): string {
  return PLURAL.test(word) ? word.slice(0, -1) : withoutParticle(word);
}

/** A name keeps at least two syllables: 이가 is not cut to 이. */
function withoutParticle(word: string): string {
  if (!HANGUL_WORD.test(word)) return word;
  const particle = PARTICLES.find((ending) => word.endsWith(ending) && word.length - ending.length >= 2);
  return particle ? word.slice(0, -particle.length) : word;
}
