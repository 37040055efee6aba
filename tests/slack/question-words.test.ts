// Questions as people type them (issue 24), over signed HTTP as Slack sends a slash command: Slack
// escapes &, < and > in the text ("R&D" arrives as "R&amp;D"), which is undone before the words
// are read; word forms, paraphrases, the relevance rule, command words inside questions, names
// first, lay paraphrases, chat abbreviations, swapped letters, names written apart and the
// synonyms left out because they would make answers false reach the reply.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allText, quoteButtons, startSlackBot, type SlackBot } from './support/slack-bot.ts';

let slack: SlackBot;
beforeAll(async () => {
  slack = await startSlackBot();
});
afterAll(async () => {
  await slack?.close();
});

/** The facts a reply lists, in order: those its "Quote & source" buttons name. */
const factIdsIn = (reply: Record<string, unknown>) => quoteButtons(reply).map((button) => button.factId);

/** Sends the text escaped as Slack escapes it, and returns the reply. */
async function ask(typed: string): Promise<Record<string, unknown>> {
  const escaped = typed.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  const { status, id } = await slack.command(escaped);
  expect(status).toBe(200);
  return slack.reply(id);
}

describe('questions people type, through a signed slash command', () => {
  it('reads R&D as Slack escapes it (R&amp;D), and finds the fact that says it', async () => {
    const shown = await ask("who's doing R&D in Korean medical AI?");
    expect(factIdsIn(shown).slice(0, 3)).toContain('korea-medical-ai-market-rapid-growth');
    expect(factIdsIn(await ask('search R&D'))).toContain('korea-medical-ai-market-rapid-growth');
  });

  it.each([
    ['word forms', 'Vuno deployments', 'vuno-status-2023-07'],
    ['short plurals', 'list the MoUs', 'mfds-fda-ai-mou'],
    ['punctuation', 'who got a 510k', 'medical-ip-deepcatch-510k'],
    ['paraphrase', 'who inked a deal with Merck Korea?', 'standigm-merck-korea-deal'],
    ['a generic word', 'stuff about hospitals', 'himss-korean-hospital-association-mou'],
    ['a lay paraphrase', 'software that detects blood poisoning', 'spassmed-sepsis-510k'],
    ['a chat abbreviation', 'Deep Catch s/w', 'medical-ip-deepcatch-510k'],
    ['two letters swapped', 'KIAST paxlovd', 'kaist-paxlovid-interaction-prediction'],
    ['a name written apart', 'Neuro phet approval', 'neurophet-singapore-approval'],
  ])('%s: "%s" lists %s among the first three', async (_kind, typed, id) => {
    expect(factIdsIn(await ask(typed)).slice(0, 3)).toContain(id);
  });

  it.each([
    ['latest about Neurophet?', 'neurophet-singapore-approval'],
    ['on which day did PAREXEL count the innovative devices?', 'parexel-innovative-devices-ai-imaging'],
    ['theme of the Bertis story', 'bertis-san-proteomics-model'],
  ])('reads "%s", which begins with a command word, as a question: %s', async (typed, id) => {
    const reply = await ask(typed);
    expect(allText(reply)).not.toContain(':warning:');
    expect(factIdsIn(reply).slice(0, 3)).toContain(id);
  });

  it('lists first a fact that names what a prefix completes to', async () => {
    const catalog = slack.bot.dateline.catalog;
    for (const prefix of ['neurop', 'standi', 'coreli', 'berti', 'deepca']) {
      const [first] = factIdsIn(await ask(prefix));
      const names = catalog.fact(first!)!.entities.map((name) => name.toLowerCase());
      expect(
        names.some((name) => name.startsWith(prefix)),
        `${prefix}: ${first}`,
      ).toBe(true);
    }
  });

  it('lists no FDA clearance as an approval, no MoU as an agreement, nothing for Alzheimer’s', async () => {
    const approvals = factIdsIn(await ask('search approval'));
    expect(approvals.length).toBeGreaterThan(0);
    expect(approvals.filter((id) => /510k/.test(id))).toEqual([]);
    expect(factIdsIn(await ask('search agreement')).filter((id) => /mou/.test(id))).toEqual([]);
    expect(factIdsIn(await ask("search Alzheimer's"))).toEqual([]);
    expect(factIdsIn(await ask('search tumour'))).not.toContain('vuno-med-lung-ct-deepbrain');
  });

  it('says what no fact has, lists nothing, and offers the nearest as near', async () => {
    const reply = await ask("what did India's health ministry do about AI?");
    const shown = allText(reply);
    expect(factIdsIn(reply)).toEqual([]);
    expect(shown).toContain('Nothing on India.');
    expect(shown).toContain('Near it, not an answer');
  });

  it('says the pack does not give a detail it lacks, offering the fact it has as near, and answers one it has', async () => {
    const amount = await ask('how much did Daewoong put into Vincere?');
    expect(factIdsIn(amount)).toEqual([]);
    expect(allText(amount)).toContain('Nothing on the amount.');
    expect(allText(amount)).toContain('HanAll Biopharma and Daewoong Pharmaceutical co-invest');
    expect(factIdsIn(await ask('how many institutions adopted Lunit?'))[0]).toBe('lunit-adoption-2023-07');
    // A name in passing does not answer a question about it.
    expect(factIdsIn(await ask('how is China regulating medical AI?'))).toEqual([]);
  });
});
