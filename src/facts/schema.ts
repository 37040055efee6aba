// The shape of fact pack and theme files, as zod schemas. Dates are checked after parsing
// (see load.ts) so that an impossible date gets a message that says why.
import { z } from 'zod';

/** Text that must be present: a missing key says "is required", not zod's type jargon. */
const text = z
  .string({ error: (issue) => (issue.input === undefined ? 'is required' : 'must be text') })
  .trim()
  .min(1, 'must not be empty');

export const sourceSchema = z.strictObject({
  title: text,
  publisher: text.optional(),
  url: z.url().optional(),
});

export const factSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'id must be kebab-case, like "mfds-fda-ai-mou"'),
  // YAML reads an unquoted year as a number; load.ts accepts a whole year and rejects the rest.
  date: z.union([z.string(), z.number()]).optional(),
  title: text.max(200, 'title must be at most 200 characters'),
  summary: text.max(1_000, 'summary must be at most 1000 characters'),
  themes: z.array(text).min(1, 'a fact needs at least one theme'),
  entities: z.array(text).default([]),
  aliases: z.array(text).optional(),
  quote: text,
  source: sourceSchema.optional(),
});

export const packSchema = z.strictObject({
  source: sourceSchema.optional(),
  facts: z.array(factSchema),
});

export const themesSchema = z.strictObject({
  themes: z
    .array(
      z.strictObject({
        id: z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'theme id must be kebab-case'),
        title: text,
        description: text,
      }),
    )
    .min(1, 'list at least one theme'),
});

/** facts/synonyms.yaml: groups of words or phrases that search treats as one. */
export const synonymsSchema = z.strictObject({
  groups: z.array(z.array(text).min(2, 'a group needs at least two words')),
});

export type PackFile = z.infer<typeof packSchema>;
export type ThemesFile = z.infer<typeof themesSchema>;
