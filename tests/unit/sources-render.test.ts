// Every surface names a fact's sources by their titles linked to their URLs, and a fact that
// several sources state says "2 sources" and shows each source's quote (tests/fixtures/sources).
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderText } from '../../adapters/console/render.ts';
import { renderBlockKit } from '../../adapters/slack/render.ts';
import { renderTeamsActivity } from '../../adapters/teams/render.ts';
import { Dateline } from '../../src/dateline.ts';
import { openCatalog } from '../../src/facts/open.ts';
import { FACTS_DIR, REPO_DIR } from './support.ts';

const AT = { now: new Date('2026-06-01T00:00:00Z'), zone: 'Asia/Seoul' };
const harbour = new Dateline(openCatalog(join(REPO_DIR, 'tests', 'fixtures', 'sources', 'packs')), 'Asia/Seoul');

const slackText = (message: ReturnType<typeof renderBlockKit>) => JSON.stringify(message.blocks);

describe('sources on every surface', () => {
  it('a fact with two sources: "2 sources", each quote with its own source, both titles in the sources line', async () => {
    const briefing = await harbour.ask('fact tidal-lab-prototype', AT);
    expect(briefing.sources.map((source) => source.title)).toEqual(['Harbour city opens a tidal lab', 'Tidal lab notes']);

    const text = renderText(briefing);
    expect(text).toContain('2 sources');
    expect(text).toContain(
      'Source quote: “Engineers from Northport and Southbay built the prototype.”\n  Source: Harbour city opens a tidal lab, Fixture Press — https://example.org/harbour',
    );
    expect(text).toContain(
      'Source quote: “The prototype was tested in April 2024. Its turbines & sensors were made locally.”\n  Source: Tidal lab notes',
    );

    const slack = slackText(renderBlockKit(briefing));
    expect(slack).toContain('2 sources');
    expect(slack).toContain('— <https://example.org/harbour|Harbour city opens a tidal lab>');
    expect(slack).toContain('Sources: <https://example.org/harbour|Harbour city opens a tidal lab>, Fixture Press · Tidal lab notes');
    expect(slack).toContain('turbines &amp; sensors');

    const card = JSON.stringify(renderTeamsActivity(briefing));
    expect(card).toContain('2 sources');
    expect(card).toContain('Source: Harbour city opens a tidal lab, Fixture Press');
    expect(card).toContain('Source: Tidal lab notes');
    expect(card).toContain(
      '{"type":"Action.OpenUrl","title":"Source: Harbour city opens a tidal lab","url":"https://example.org/harbour"}',
    );
  });

  it('a list says "2 sources" on the item that several sources state, and nothing on one with one source', async () => {
    const briefing = await harbour.ask('search prototype', AT);
    const text = renderText(briefing);
    expect(text).toMatch(/• Undated, 2 sources — Engineers from Northport/);
    const budget = renderText(await harbour.ask('search budget', AT));
    expect(budget).not.toContain('sources —');
  });

  it('the real pack cites its article by title, linked to the article, not the site’s home page', async () => {
    const briefing = await new Dateline(openCatalog(FACTS_DIR), 'Asia/Seoul').ask('search lunit', AT);
    const url = 'https://biospectrumasia.com/analysis/27/22930/south-korea-poised-to-become-medical-ai-powerhouse.html';
    expect(slackText(renderBlockKit(briefing))).toContain(
      `Source: <${url}|South Korea poised to become Medical AI Powerhouse>, BioSpectrum Asia`,
    );
    expect(JSON.stringify(renderTeamsActivity(briefing))).toContain(
      `{"type":"Action.OpenUrl","title":"Source: South Korea poised to become Medical AI Powerhouse","url":"${url}"}`,
    );
    expect(renderText(briefing)).toContain(`Sources: South Korea poised to become Medical AI Powerhouse, BioSpectrum Asia — ${url}`);
  });
});
