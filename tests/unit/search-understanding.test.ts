// Questions as people type them (issue 24), through the core: word forms, words with punctuation,
// paraphrases from synonym groups and WordNet at a lower weight, the relevance rule by information
// (words bound to a name, Korean compounds), and the synonym groups that would make answers false.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { Dateline } from '../../src/dateline.ts';
import { generateFacts } from '../../bench/generate-facts.ts';
import { Catalog } from '../../src/facts/catalog.ts';
import { openCatalog } from '../../src/facts/open.ts';
import { SearchIndex } from '../../src/facts/search-index.ts';
import { joinedWords, questionWords, stemOf, writtenOut } from '../../src/facts/words.ts';
import { bridgesOf } from '../../src/facts/wordnet.ts';
import { FACTS_DIR, makeFact, THEMES } from './support.ts';

const ids = (catalog: Catalog, text: string) => catalog.search(text, 10).hits.map((hit) => hit.fact.id);

const fact = (id: string, title: string, summary: string, entities: string[] = []) => ({ ...makeFact(id), title, summary, entities });

describe('word forms', () => {
  const catalog = new Catalog(
    [
      fact('invested', 'HanAll invested in Vincere', 'HanAll Biopharma invested in Vincere, a US biotech.', ['HanAll']),
      fact('investment', 'Acme announces an investment', 'Acme made an investment in a start-up.', ['Acme']),
      fact('acquired', 'Borealis acquired a lab', 'Borealis acquired a laboratory.', ['Borealis']),
      fact('mou', 'Two agencies sign an MoU', 'The agencies signed an MoU on AI.', []),
      fact('ceo', 'A CEO says the market grows', 'The CEO of Bertis says the market grows.', ['Bertis']),
      fact('regulation', 'New regulation for AI devices', 'A regulation for AI devices.', []),
    ],
    THEMES,
  );

  it('stems with Snowball English (Porter2): a noun finds its verb, and back', () => {
    expect(stemOf('investment')).toBe('invest');
    expect(stemOf('invested')).toBe('invest');
    expect(stemOf('lunit')).toBeUndefined();
    expect(ids(catalog, 'regulating AI devices')).toEqual(['regulation']);
    expect(ids(catalog, 'Borealis acquires')).toEqual(['acquired']);
  });

  it('ranks the form as written first, then the other forms', () => {
    expect(ids(catalog, 'invested')).toEqual(['invested', 'investment']);
    expect(ids(catalog, 'investment')).toEqual(['investment', 'invested']);
  });

  it('makes short plurals singular: MoUs, CEOs', () => {
    expect(ids(catalog, 'list the MoUs')).toEqual(['mou']);
    expect(ids(catalog, 'what did the CEOs say about the market?')).toEqual(['ceo']);
  });
});

describe('words run together and names written apart', () => {
  const catalog = new Catalog(
    [
      fact('deepcatch', 'DeepCatch gets a clearance', 'DeepCatch reads body composition.', ['DeepCatch']),
      fact('deep', 'Deep learning reads scans', 'Scans are read.'),
      fact('catch', 'Korea is catching up', 'Korea catches up.'),
      fact('neurophet', 'Neurophet gets an approval', 'A brain imaging device.', ['Neurophet']),
      fact('boneage', 'VUNOmed-BoneAge is approved', 'It reads bone age.', ['VUNOmed-BoneAge']),
      fact('lung', 'VUNO Med-Lung CT reads chest CT', 'Vuno Med reads lungs.', ['VUNO Med-Lung CT', 'Vuno']),
      fact('discovery', 'A drug discovery deal', 'Two firms sign a drug discovery deal.'),
      fact('stand', 'A stand under the bridge', 'The stand opens under the bridge.'),
    ],
    THEMES,
  );

  it('reads two words that make a name run together as that name, when no fact has them apart', () => {
    expect(ids(catalog, 'Deep Catch')).toEqual(['deepcatch']);
    expect(ids(catalog, 'Neuro phet approval')).toEqual(['neurophet']);
    // Facts say "Vuno Med" apart: the two words stay two, not VUNOmed.
    expect(ids(catalog, 'Vuno Med lungs')).toEqual(['lung']);
  });

  it('reads English words run together as the words of the facts they are made of, and splits no English word', () => {
    expect(ids(catalog, 'drugdiscovery deal')).toEqual(['discovery']);
    expect(ids(catalog, 'bodycomposition')).toEqual(['deepcatch']);
    expect(ids(catalog, 'understand')).toEqual([]);
  });
});

describe('words with punctuation', () => {
  const catalog = new Catalog(
    [
      fact('rd', 'Firms invest in R&D', 'Companies are engaged in research and development (R&D).'),
      fact('covid', 'COVID-19 test kits built with AI', 'Kits for COVID-19 came within weeks.'),
      fact('aibased', 'AI-based software reads X-rays', 'AI-based software.'),
      fact('ehealth', 'An ehealth plan', 'The ehealth plan starts.'),
      fact('510k', 'DeepCatch gets FDA 510(k) clearance', 'DeepCatch received 510(k) clearance.', ['DeepCatch']),
      fact('market', 'The market will reach $2.11bn by 2030', 'A projection of $2.11bn.'),
    ],
    THEMES,
  );

  it('indexes a punctuated word joined besides its parts', () => {
    expect(joinedWords('R&D, COVID-19, 510(k), e-health, AI-based, $2.11bn')).toEqual([
      'rd',
      'covid19',
      '510k',
      'ehealth',
      'aibased',
      '211bn',
    ]);
    expect(questionWords('who got a 510(k)?')).toMatchObject([{ term: '510k', parts: ['510'] }]);
  });

  it('finds R&D, COVID-19, AI-based, e-health, 510(k) and $2.11bn written either way', () => {
    for (const text of ['R&D', 'who does R&D?']) expect(ids(catalog, text), text).toEqual(['rd']);
    for (const text of ['covid19', 'COVID-19', 'covid 19 kits']) expect(ids(catalog, text), text).toEqual(['covid']);
    for (const text of ['AI-based', 'AI based software', 'aibased']) expect(ids(catalog, text), text).toContain('aibased');
    for (const text of ['e-health', 'ehealth']) expect(ids(catalog, text), text).toEqual(['ehealth']);
    for (const text of ['510(k)', '510k', 'who got a 510k']) expect(ids(catalog, text), text).toEqual(['510k']);
    expect(ids(catalog, '$2.11bn by 2030 - source?')).toEqual(['market']);
  });
});

describe('chat abbreviations and figures written short', () => {
  const catalog = new Catalog(
    [
      fact('software', 'DeepCatch body composition software', 'CT-based body composition software.', ['DeepCatch']),
      fact('government', 'The government backs device exports', 'The government supports exports.'),
      fact('market', 'A market of $2.11 billion by 2030', 'The market grows to $2.11 billion.'),
      fact('short', 'A $40m round for Acme', 'Acme raised $40m.', ['Acme']),
    ],
    THEMES,
  );

  it('writes out chat abbreviations and multipliers, and leaves other words as typed', () => {
    expect(writtenOut('Deep Catch s/w, govt. plans, fyi')).toBe('Deep Catch software, government. plans, ');
    expect(writtenOut('$2.11bn by 2030, 3mn users, $40m, $500k')).toBe('$2.11 billion by 2030, 3 million users, $40 million, $500000');
    // A multiplier of one letter needs a currency sign: "510k" and "3m" are no figures.
    expect(writtenOut('who got a 510k 3m away')).toBe('who got a 510k 3m away');
  });

  it('finds a fact by an abbreviation of its word, and a figure written either way', () => {
    expect(ids(catalog, 'body composition s/w')).toEqual(['software']);
    expect(ids(catalog, 'govt exports')).toEqual(['government']);
    for (const text of ['$2.11bn by 2030 - source?', '2.11 billion market', 'USD 2.11 billion'])
      expect(ids(catalog, text), text).toEqual(['market']);
    expect(ids(catalog, 'Acme $40 million')).toEqual(['short']);
  });
});

describe('paraphrases from synonym groups', () => {
  const catalog = new Catalog(
    [
      fact('literal', 'A startup raises funds', 'The startup raised funds.'),
      fact('paraphrase', 'A young company raises funds', 'The young company raised funds.'),
      fact('other', 'A hospital opens', 'The hospital opened.'),
    ],
    THEMES,
    [['startup', 'start-up', 'young company']],
  );

  it('finds a fact by another word of its group, never above a fact with the literal word', () => {
    expect(ids(catalog, 'startup')).toEqual(['literal', 'paraphrase']);
    expect(ids(catalog, 'young company')).toEqual(['paraphrase', 'literal']);
    expect(ids(catalog, 'start-up funds')).toEqual(['literal', 'paraphrase']);
  });

  it("bridges the pack's paraphrases (facts/synonyms.yaml)", () => {
    const pack = openCatalog(FACTS_DIR);
    expect(ids(pack, 'which young company got its brain scan product okayed in Singapore?').slice(0, 3)).toContain(
      'neurophet-singapore-approval',
    );
    expect(ids(pack, 'who inked a deal with Merck Korea?').slice(0, 3)).toContain('standigm-merck-korea-deal');
  });

  it("finds each kind of the pack's facts by the lay words a colleague would use", () => {
    const pack = openCatalog(FACTS_DIR);
    const asked: [string, string][] = [
      ['blood poisoning detection software', 'spassmed-sepsis-510k'],
      ['AI treatment plans for chronic diseases', 'ai-predictive-treatment-plans-ncds'],
      ['which drugmakers invested in Vincere?', 'hanall-daewoong-vincere-investment'],
      ['the MoU between the Korean and American regulators', 'mfds-fda-ai-mou'],
      ['an international rulebook on AI in healthcare', 'global-ai-medical-care-guide'],
      ['drugstore chatbot for customers', 'drx-solution-pharmacy-ai'],
      ['Korean companies developing new medicines with AI', 'korean-firms-ai-drug-discovery'],
      ['who shook hands with Standigm?', 'standigm-merck-korea-deal'],
      ['Paxlovid side effects', 'kaist-paxlovid-interaction-prediction'],
      ['personalised medicine from protein data', 'bertis-san-proteomics-model'],
      ['breakthrough devices that read images', 'parexel-innovative-devices-ai-imaging'],
      ['digitalisation in Korean hospitals', 'himss-korean-hospital-association-mou'],
      ['staff vacation and perks handled by AI', 'hanmi-pharmaceutical-hr-ai'],
      ['universities using AI for cancer patients', 'postech-immunotherapy-response-model'],
    ];
    for (const [question, id] of asked) expect(ids(pack, question).slice(0, 3), question).toContain(id);
  });
});

describe('paraphrases from WordNet: derivations and pertainyms', () => {
  const catalog = new Catalog(
    [
      fact('acquired', 'Borealis acquired a laboratory', 'Borealis acquired a laboratory in Seoul.', ['Borealis']),
      fact('acquisition', 'Cobalt announces the acquisition of a laboratory', 'The acquisition closes in May.', ['Cobalt']),
      fact('korea', 'Korea funds hospitals', 'Korea funds three hospitals.', []),
      fact('expansion', 'Dorado plans an expansion of its clinics', 'The expansion adds two clinics.', ['Dorado']),
    ],
    THEMES,
  );

  it('relates a word to its derivations in its commonest senses, not to its synonyms', () => {
    expect(bridgesOf('acquired')).toEqual(expect.arrayContaining(['acquire', 'acquisition']));
    expect(bridgesOf('korean')).toContain('korea');
    expect(bridgesOf('expansion')).toContain('expand');
    // A synonym of some sense is no bridge: "deal" is not "trade", "founded" is not "establish".
    expect(bridgesOf('deal')).not.toContain('trade');
    expect(bridgesOf('founded')).not.toContain('establish');
    expect(bridgesOf('lunit')).toEqual([]);
  });

  it('finds a fact through a derivation, never above the fact with the literal word', () => {
    expect(ids(catalog, 'acquisition of a laboratory')).toEqual(['acquisition', 'acquired']);
    expect(ids(catalog, 'who acquired a laboratory?')).toEqual(['acquired', 'acquisition']);
    expect(ids(catalog, 'Korean hospitals')).toEqual(['korea']);
    expect(ids(catalog, 'which clinics expanded?')).toEqual(['expansion']);
  });

  it("does not bridge a fact's names", () => {
    const named = new Catalog([fact('founder', 'Founder Labs opens', 'Founder Labs opened a site.', ['Founder Labs'])], THEMES);
    expect(ids(named, 'founded')).toEqual([]);
  });
});

describe('the relevance rule, by information', () => {
  const catalog = new Catalog(
    [
      fact('vuno', 'Vuno supplies 300 hospitals', 'Vuno Med is used in 300 hospitals.', ['Vuno']),
      fact('lunit', 'Lunit is reimbursed in Japan', 'Lunit Insight CXR is reimbursed in Japan.', ['Lunit']),
      fact('plan', 'Ministry of Health and Welfare plans for devices', 'The ministry plans support for device makers.', []),
      fact('covid', 'COVID-19 test kits built with AI', 'Korea built kits within weeks using AI.', []),
      fact('quarantine', 'A smart quarantine system for travellers', 'Korea traced contacts of travellers with AI.', []),
      fact('learning', 'Machine learning reads scans', 'Deep learning reads CT scans.', []),
    ],
    THEMES,
  );

  it('lets no generic word veto a question whose names match', () => {
    expect(ids(catalog, 'any info on Vuno, anything involved?')).toEqual(['vuno']);
    expect(ids(catalog, 'stuff about hospitals')).toEqual(['vuno']);
  });

  it('answers a long rambling question from its informative words', () => {
    const asked =
      'so there is this thing about covid where Korea apparently built test kits super fast with AI, like weeks instead of months, and also some quarantine for travellers?';
    expect(ids(catalog, asked).slice(0, 3)).toEqual(expect.arrayContaining(['covid', 'quarantine']));
  });

  it('finds nothing when an informative word is missing, and says what is missing and what is near', async () => {
    expect(ids(catalog, "Hyundai's car sales")).toEqual([]);
    expect(ids(catalog, "what did India's health ministry do about devices?")).toEqual([]);
    expect(ids(catalog, 'how much does Lunit cost?')).toEqual([]);
    const briefing = await new Dateline(catalog, 'UTC').ask("what did India's health ministry do about devices?", { now: new Date() });
    expect(briefing.title).toBe('Nothing on India.');
    expect(briefing.sections).toEqual([]);
    expect(briefing.intro).toMatch(/Near it, not an answer: "Ministry of Health and Welfare plans for devices"/);
    expect(briefing.suggestions).toContain('fact plan');
  });

  it('does not answer with a fact in which a word bound to a name is said of someone else, in passing', async () => {
    const aside = new Catalog(
      [
        fact(
          'scans',
          'Vuno Med reads chest CT, says Bertis CEO Seungman Han',
          'According to Seungman Han, CEO of Bertis, AI reads chest CT scans (Vuno Med).',
          ['Vuno', 'Bertis', 'Seungman Han'],
        ),
        fact('vuno', 'Vuno supplies 300 hospitals', 'Vuno Med is used in 300 hospitals.', ['Vuno']),
      ],
      THEMES,
    );
    expect(ids(aside, 'who is the CEO of Vuno?')).toEqual([]);
    expect(ids(aside, 'who is the CEO of Bertis?')).toEqual(['scans']);
    expect(ids(aside, 'what did the CEO say about Vuno?')).toContain('scans');
    const briefing = await new Dateline(aside, 'UTC').ask('who is the CEO of Vuno?', { now: new Date() });
    expect(briefing.title).toBe('Nothing on CEO of Vuno.');
    expect(briefing.intro).toMatch(/Near it, not an answer: "Vuno Med reads chest CT/);
  });

  it('searches a Korean compound that no fact has as the words it is made of, and leaves an unknown name whole', () => {
    const korean = new Catalog(
      [
        fact('lung', 'Lung CT reading software', 'Software reads lung CT scans.'),
        fact('cancer', 'Cancer drug trial', 'A cancer drug enters trials.'),
      ],
      THEMES,
      [
        ['폐', 'lung'],
        ['암', 'cancer'],
      ],
    );
    expect(ids(korean, '폐암')).toEqual([]);
    expect(ids(korean, '폐암 CT')).toEqual(['lung']);
    expect(ids(korean, '현대자동차')).toEqual([]);
  });

  it('counts a misspelt name as the name for the relevance rule, and reads a misspelling ending in s as typed', () => {
    const misspelt = new Catalog(
      [
        fact('vuno', 'Vuno supplies 300 hospitals', 'Vuno Med is used in 300 hospitals.', ['Vuno']),
        fact('himss', 'HIMSS rates a hospital', 'HIMSS gave the hospital its top stage.', ['HIMSS']),
        fact('seoul', 'Seoul opens a hospital', 'A hospital opens in Seoul.', ['Seoul']),
        fact('busan', 'Busan opens a hospital', 'A hospital opens in Busan.', ['Busan']),
      ],
      THEMES,
    );
    // "vunno" ranks as a misspelling, but it is Vuno as meant: with "hospital" it has the whole question.
    expect(ids(misspelt, 'vunno hospital count')).toEqual(['vuno']);
    // "HIMMS" is no plural of "himm": its misspellings are those of the word as typed.
    expect(ids(misspelt, 'HIMMS')).toEqual(['himss']);
  });

  it('answers nonsense with no far-fetched "Did you mean"', async () => {
    const briefing = await new Dateline(catalog, 'UTC').ask('qwzx plorf', { now: new Date() });
    expect(briefing.title).toBe('Nothing found for "qwzx plorf".');
    expect(briefing.intro).not.toMatch(/Did you mean/);
  });

  it('takes a misspelt name for the name, and an English word for itself', () => {
    expect(ids(catalog, 'Lunitt reimbursed')).toEqual(['lunit']);
    expect(ids(catalog, 'Vunno hospitals')).toEqual(['vuno']);
    // "meaning" is an English word spelt right, not "learning" misspelt; "lerning" is.
    expect(ids(catalog, 'meaning')).toEqual([]);
    expect(ids(catalog, 'lerning')).toEqual(['learning']);
  });
});

describe('synonym groups that would make answers false (facts/synonyms.yaml)', () => {
  const groups = (parse(readFileSync(join(FACTS_DIR, 'synonyms.yaml'), 'utf8')) as { groups: string[][] }).groups.map((group) =>
    group.map((word) => word.toLowerCase()),
  );
  // A group that mixes Hangul and Latin letters is one-way (its Korean words find its English ones, never the English each other).
  const twoWay = groups.filter((group) => !group.some((member) => /\p{Script=Hangul}/u.test(member)));
  const together = (a: string, b: string) => twoWay.some((group) => group.includes(a) && group.includes(b));

  it('keeps clearance apart from approval, Alzheimer’s from dementia, tumour from cancer, agreement from MoU', () => {
    expect(together('clearance', 'approval')).toBe(false);
    expect(groups.flat()).not.toContain("alzheimer's");
    expect(together('tumour', 'cancer')).toBe(false);
    expect(together('agreement', 'mou')).toBe(false);
  });

  it('answers as the article does: an FDA clearance is not listed as an approval, nor an MoU as an agreement', () => {
    const pack = openCatalog(FACTS_DIR);
    expect(ids(pack, "Alzheimer's")).toEqual([]);
    expect(ids(pack, 'tumour')).not.toContain('vuno-med-lung-ct-deepbrain');
    for (const id of ids(pack, 'approval')) expect(id).not.toMatch(/510k/);
    for (const id of ids(pack, 'agreement')) expect(id).not.toMatch(/mou/);
  });
});

describe('ranking: names first', () => {
  it("puts the facts a prefix's completion names first, as bench/search-engines.ts counts them", () => {
    // The bench's prefix queries: a name less its last two letters. bm25() alone (no name bonus, shortest
    // completions first) put a fact naming it first for some 0.2 of them.
    const facts = generateFacts(1_500, THEMES);
    const index = SearchIndex.build(facts, []);
    const names = [...new Set(facts.flatMap((one) => one.entities))].filter((name) => name.length >= 6).slice(0, 60);
    const named = names.filter((name) => {
      const lower = name.toLowerCase();
      const [first] = index.search(lower.slice(0, Math.max(4, lower.length - 2)), 10).hits;
      const found = first && facts[first.position]!;
      return found !== undefined && `${found.title} ${found.entities.join(' ')}`.toLowerCase().includes(lower);
    });
    expect(named.length / names.length).toBeGreaterThan(0.6);
  }, 30_000);
});
