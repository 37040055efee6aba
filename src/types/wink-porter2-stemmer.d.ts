// Types for wink-porter2-stemmer, which ships none: Porter's English stemmer, version 2 (Snowball).
declare module 'wink-porter2-stemmer' {
  /** The word's Porter2 stem ("invested", "investment" → "invest"); expects a lower-case word. */
  export default function stem(word: string): string;
}
