// How text becomes search words, the same for the index and for a question: split on spaces,
// punctuation and symbols ("2023~2027" is two words), folded to lower case, a Korean particle
// cut from the end of a Hangul word (루닛의, 루닛은 → 루닛), an English plural "s" cut
// (hospitals → hospital), and stopwords and question words dropped.
import { eng, kor } from 'stopword';

/** Words that ask rather than name ("what happened", "tell me about", "any news on"). */
const QUESTION_WORDS =
  'anything something everything happened happen happens happening going tell show give find know list news new latest recent ' +
  'recently update updates info information please thanks whats what’s dateline there any ever us me let hear learn heard talk ' +
  'will be big much many use uses used using ask may 소식 뉴스 알려줘 알려 주세요 대해 대해서 관련 관련된 뭐 무엇 무슨 있어 있나요 있어요 최근 어때 궁금해';

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
/** "hospitals", not "ss" (access) nor short words (news, mfds is cut too, the same on both sides). */
const PLURAL = /^[a-z]{3,}[^s]s$/;

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

/** The content words of a text as they were typed ("what did Lunit do" → "Lunit"), for titles. */
export function contentText(text: string): string {
  return text
    .split(/\s+/)
    .filter((word) => contentWords(word).length > 0)
    .join(' ');
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
