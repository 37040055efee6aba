// End to end in emulator mode: Teams activities POSTed to /api/messages. A Korean question is
// answered with its fact, a follow-up in the same conversation uses the answer before it, and a
// list cut short carries a "More" button that submits the command for its rest.
import { describe, expect, it } from 'vitest';
import { CHANNEL_ID, cardText, mentionMessage, teamsChannel, useTeamsBot } from './support.ts';

const running = useTeamsBot();

async function ask(text: string, id: string) {
  running.connector.requests.length = 0;
  const response = await running.teams.send(mentionMessage(running.connector.url, text, id));
  expect(response.status).toBe(200);
  expect(running.connector.requests).toHaveLength(1);
  return running.connector.requests[0]!.body;
}

const title = (id: string) => running.teams.bot.dateline.catalog.fact(id)!.title;

describe('questions as people type them, through Teams', () => {
  it('answers a Korean question, then a follow-up in the same conversation from its subject', async () => {
    const first = await ask('스탠다임이 머크랑 계약한 게 언제야?', '1781485323001');
    expect(first.summary).toBe(`June 2022 — ${title('standigm-merck-korea-deal')}`);
    const second = await ask('what else did they do?', '1781485323002');
    expect(cardText(second)).toContain(title('standigm-institut-pasteur-korea-tb'));
    expect(cardText(second)).not.toContain(title('standigm-merck-korea-deal'));
    // The first answer that searches builds the search index: slow on a loaded machine.
  }, 30_000);

  it('puts a "More" button on a cut search that submits its next page', async () => {
    const reply = await ask('search korea', '1781485323003');
    const card = reply.attachments![0]!.content as { actions?: { title: string; data?: { command: string } }[] };
    expect(card.actions?.find((action) => action.title === 'More')).toMatchObject({ data: { command: 'search korea page 2' } });
    const next = await running.teams.bot.dateline.ask('search korea page 2', { now: new Date(), channel: teamsChannel(CHANNEL_ID) });
    expect(next.title).toBe('Search: korea (page 2)');
    expect(next.sections[0]!.items.length).toBeGreaterThan(0);
  });
});
