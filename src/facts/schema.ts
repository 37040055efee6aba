// The shape of fact pack and theme files, as zod schemas. Dates are checked after parsing
// (see load.ts) so that an impossible date gets a message that says why.
import { z } from 'zod';

/** Text that must be present: a missing key says "is required", not zod's type jargon. */
const text = z
  .string({ error: (issue) => (issue.input === undefined ? 'is required' : 'must be text') })
  .trim()
  .min(1, 'must not be empty');

const kebabId = (what: string) => z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, `${what} must be kebab-case, like "mfds-fda-ai-mou"`);

/** A source a pack quotes: an article, with the name of its text file for quote checking. */
export const sourceSchema = z.strictObject({
  id: kebabId('source id'),
  title: text,
  publisher: text.optional(),
  url: z.url().optional(),
  // Checked like a fact's date (load.ts); YAML reads an unquoted year as a number.
  published: z.union([z.string(), z.number()]).optional(),
  author: text.optional(),
  /** The source's text file (plain text or HTML), looked up in --sources / FACTS_SOURCES_DIR. */
  text: text.optional(),
  sha256: z
    .string()
    .regex(/^[0-9a-f]{64}$/, 'sha256 must be 64 lowercase hex digits')
    .optional(),
});

/** One source's verbatim support for a fact that several sources state. */
export const citationSchema = z.strictObject({
  id: kebabId('source id'),
  quote: text,
});

export const factSchema = z.strictObject({
  id: kebabId('id'),
  // YAML reads an unquoted year as a number; load.ts accepts a whole year and rejects the rest.
  date: z.union([z.string(), z.number()]).optional(),
  title: text.max(200, 'title must be at most 200 characters'),
  summary: text.max(1_000, 'summary must be at most 1000 characters'),
  themes: z.array(text).min(1, 'a fact needs at least one theme'),
  entities: z.array(text).default([]),
  /** Search only, never shown: other spellings and names the source does not use. */
  aliases: z.array(text).default([]),
  /** The verbatim passage of `source` (default: the pack's first source); or give `sources` instead. */
  quote: text.optional(),
  source: kebabId('source id').optional(),
  sources: z.array(citationSchema).min(1, 'sources lists at least one {id, quote}').optional(),
});

export const packSchema = z.strictObject({
  sources: z.array(sourceSchema).min(1, 'a pack lists at least one source'),
  facts: z.array(factSchema),
});

export const themesSchema = z.strictObject({
  themes: z
    .array(
      z.strictObject({
        id: z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'theme id must be kebab-case'),
        title: text,
        description: text,
        /** Words that suggest the theme, for `dateline facts draft`'s guesses. */
        keywords: z.array(text).optional(),
      }),
    )
    .min(1, 'list at least one theme'),
});

/** facts/synonyms.yaml: groups of words or phrases that search treats as one. */
export const synonymsSchema = z.strictObject({
  groups: z.array(z.array(text).min(2, 'a group needs at least two words')),
});

export type PackFile = z.infer<typeof packSchema>;
