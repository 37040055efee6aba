// The words a cut list shows for its next page ask for the very command its More button carries:
// parsing commandText(command) gives the command back, for every kind of page command and date.
import { describe, expect, it } from 'vitest';
import { parseCommand } from '../../src/commands/parse.ts';
import { commandText, type PageCommand } from '../../src/commands/text.ts';

const NOW = new Date('2026-06-15T03:00:00Z');

const pages: PageCommand[] = [
  { kind: 'today' },
  { kind: 'today', offset: -1 },
  { kind: 'today', offset: 1 },
  { kind: 'latest', count: 20 },
  { kind: 'latest', count: 5 },
  { kind: 'search', text: 'korea', page: 2 },
  { kind: 'search', text: 'R&D 510(k) covid-19', page: 3 },
  { kind: 'search', text: 'imaging' },
  { kind: 'on', date: { kind: 'year', year: 2023 }, page: 2 },
  { kind: 'on', date: { kind: 'month', year: 2023, month: 6 }, page: 4 },
  { kind: 'on', date: { kind: 'day', year: 2022, month: 3, day: 21 } },
  { kind: 'on', date: { kind: 'month-day', month: 6, day: 15 } },
  { kind: 'on', date: { kind: 'calendar-month', month: 6 }, page: 2 },
  { kind: 'on', date: { kind: 'relative', phrase: 'last spring' } },
];

describe('commandText', () => {
  it.each(pages.map((command) => [commandText(command), command] as const))('%s parses back to its command', (text, command) => {
    const parsed = parseCommand(text, NOW);
    expect(parsed.ok, text).toBe(true);
    expect(parsed.ok && parsed.command).toEqual(command);
  });

  it('writes a range as the interval that asks for it again, its page included', () => {
    const command: PageCommand = {
      kind: 'on',
      date: {
        kind: 'range',
        from: { precision: 'month', year: 2023, month: 3 },
        to: { precision: 'month', year: 2023, month: 5 },
        label: 'March–May 2023',
      },
      page: 2,
    };
    expect(commandText(command)).toBe('on 2023-03/2023-05 page 2');
    const parsed = parseCommand(commandText(command), NOW);
    expect(parsed.ok && parsed.command).toMatchObject({
      kind: 'on',
      page: 2,
      date: { kind: 'range', from: command.date.kind === 'range' ? command.date.from : undefined },
    });
  });
});
