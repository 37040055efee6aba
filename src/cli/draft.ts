// `dateline facts draft ARTICLE|URL`: a draft pack from an article file or a web page, for a
// person to review. The source record takes what the options say, else what the article says
// about itself; a fetched page is saved beside the draft (-o), so that its quotes can be checked.
import { readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, extname, join, resolve } from 'node:path';
import type { CoreConfig } from '../config.ts';
import { factDateText, parseFactDate } from '../dates/fact-date.ts';
import { readArticle } from '../facts/article.ts';
import { draftCandidates, draftYaml } from '../facts/draft.ts';
import { fetchPage, isAddress, PAGE_LIMITS, PageError, type PageLimits } from '../facts/fetch-page.ts';
import { loadFacts, loadPackFile } from '../facts/load.ts';
import { sha256 } from '../facts/provenance.ts';
import type { Source } from '../facts/types.ts';
import { UsageError } from './usage-error.ts';

export interface DraftOptions {
  'source-id'?: string;
  title?: string;
  url?: string;
  publisher?: string;
  published?: string;
  author?: string;
  output?: string;
  merge?: string;
}

/** The article as read: its text, the name its record gives it, and where its quotes can be checked. */
interface Read {
  /** What the record's sha256 is of: the file, or the page's text in UTF-8. */
  bytes: Buffer;
  raw: string;
  /** How the article is named in the draft's header: its file's name or its address. */
  label: string;
  /** The file's name, or one for the page from its address; its extension says HTML or plain text. */
  name: string;
  /** The page's address after redirects, for a fetched page. */
  url?: string;
}

/** Drafts a pack for review: to -o FILE (never inside FACTS_DIR) or to standard output. */
export async function draftFacts(
  args: string[],
  options: DraftOptions,
  config: CoreConfig,
  out: NodeJS.WritableStream,
  limits: PageLimits = PAGE_LIMITS,
): Promise<number> {
  const [article] = args;
  if (!article || args.length > 1)
    throw new UsageError('Usage: dateline facts draft ARTICLE|URL [--title T --url U ...] [-o FILE] [--merge PACK]');
  if (options.output && resolve(dirname(options.output)) === resolve(config.factsDir)) {
    throw new UsageError(`-o ${options.output} is in FACTS_DIR: write the draft elsewhere, review it, check it, then move it there.`);
  }
  const published = options.published === undefined ? undefined : parseFactDate(options.published);
  if (published && !published.ok) throw new UsageError(`--published ${published.reason}.`);
  const loaded = loadFacts(config.factsDir);
  if (!loaded.ok)
    throw new UsageError(`The packs in ${config.factsDir} do not load (run dateline facts check): the draft needs their themes and ids.`);
  const read = isAddress(article) ? await fetchArticle(article, limits) : readArticleFile(article);
  const { text, metadata } = readArticle(read.raw, read.name);
  const title = options.title ?? metadata.title;
  const publishedText = published?.ok ? factDateText(published.date) : metadata.published;
  const publisher = options.publisher ?? metadata.publisher;
  const url = options.url ?? metadata.url ?? read.url;
  const id =
    options['source-id'] ??
    slug(publisher && [publisher, publishedText].filter(Boolean).join(' ')) ??
    slug(basename(read.name, extname(read.name))) ??
    'source';
  // A fetched page is kept as the text read (in UTF-8), named for its source.
  const textName = read.url ? `${id}${extname(read.name)}` : read.name;
  const saved = read.url && options.output ? join(dirname(options.output), textName) : undefined;
  const source: Source = {
    id,
    title: title ?? read.label,
    ...(publisher ? { publisher } : {}),
    ...(publishedText ? { published: publishedText } : {}),
    ...((options.author ?? metadata.author) ? { author: (options.author ?? metadata.author)! } : {}),
    ...(url ? { url } : {}),
    text: textName,
    sha256: sha256(read.bytes),
  };
  const merged = options.merge ? readMergePack(options.merge) : { quotes: [], ids: [] };
  const { candidates, skipped } = draftCandidates({
    text,
    source,
    themes: loaded.themes,
    existingQuotes: merged.quotes,
    takenIds: new Set([...loaded.facts.map((fact) => fact.id), ...merged.ids]),
  });
  const sourcesDir = read.url ? (saved ? dirname(saved) : undefined) : dirname(article);
  const header = [
    `A DRAFT drawn from ${read.label} by \`dateline facts draft\`: review every fact before it goes into FACTS_DIR.`,
    'Keep each quote verbatim; fix titles and summaries; drop what is not a fact; lines marked "review" are guesses.',
    'A date is set only where the quote states it; check each one, and never add one the text does not state.',
    sourcesDir
      ? `Then: dateline facts check DIR --sources ${sourcesDir}`
      : `The page was not saved (no -o): save it as ${textName} in your folder of source texts to check the quotes.`,
    ...(title ? [] : ['review: the source has no title: give --title or write it below.']),
    ...(options.merge ? [`--merge ${options.merge}: ${skipped} statement${skipped === 1 ? '' : 's'} skipped, already quoted there.`] : []),
  ];
  const yaml = draftYaml(source, candidates, header);
  if (!options.output) {
    out.write(yaml);
    return 0;
  }
  if (saved) writeFileSync(saved, read.bytes);
  writeFileSync(options.output, yaml);
  const dated = candidates.filter((candidate) => candidate.date).length;
  out.write(
    `${options.output}: ${candidates.length} candidate facts (${dated} dated) to review${saved ? `; the page saved as ${saved}` : ''}\n`,
  );
  return 0;
}

function readArticleFile(file: string): Read {
  try {
    const bytes = readFileSync(file);
    return { bytes, raw: bytes.toString('utf8'), label: basename(file), name: basename(file) };
  } catch {
    throw new UsageError(`${file} is not a readable file: give the article as plain text or HTML, or a web page's address.`);
  }
}

async function fetchArticle(address: string, limits: PageLimits): Promise<Read> {
  try {
    const page = await fetchPage(address, limits);
    const { hostname, pathname } = new URL(page.url);
    const name = slug(basename(pathname, extname(pathname))) ?? slug(hostname) ?? 'page';
    return {
      bytes: Buffer.from(page.text, 'utf8'),
      raw: page.text,
      label: address,
      name: `${name}${page.html ? '.html' : '.txt'}`,
      url: page.url,
    };
  } catch (error) {
    if (error instanceof PageError) throw new UsageError(error.message);
    throw error;
  }
}

/** The quotes and fact ids of a pack the draft is merged with. */
function readMergePack(file: string): { quotes: string[]; ids: string[] } {
  const loaded = loadPackFile(file);
  if (!loaded) throw new UsageError(`--merge ${file} is not a readable pack: run dateline facts check on its folder.`);
  return loaded;
}

const slug = (text: string | undefined) =>
  text
    ?.toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '') || undefined;
