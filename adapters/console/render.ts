// Renders a Briefing as plain text: the CLI's `--format text` and the console chat.
import { commandText, type Briefing, type BriefingItem, type Source } from '../../src/index.ts';

function itemLines(item: BriefingItem): string[] {
  const when = [item.dateLabel, item.anniversary, sourceCount(item)].filter(Boolean).join(', ');
  const lines = [`• ${when ? `${when} — ` : ''}${item.title}`];
  if (item.text) lines.push(`  ${item.text}`);
  for (const { quote, source } of item.quotes ?? []) lines.push(`  Source quote: “${quote}”`, `  Source: ${sourceLine(source)}`);
  if (item.factId && !item.quotes) lines.push(`  (fact ${item.factId})`);
  return lines;
}

/** "2 sources" for an item that several sources state; nothing for one. */
export function sourceCount(item: BriefingItem): string | undefined {
  const count = item.sources?.length ?? 0;
  return count > 1 ? `${count} sources` : undefined;
}

export function sourceLine(source: Source): string {
  const name = source.publisher ? `${source.title}, ${source.publisher}` : source.title;
  return source.url ? `${name} — ${source.url}` : name;
}

/** Plain text for a terminal; `command` shows a suggested command as the reader would type it. */
export function renderText(briefing: Briefing, command: (text: string) => string = (text) => text): string {
  const lines = [briefing.kind === 'error' ? `⚠ ${briefing.title}` : briefing.title];
  if (briefing.intro) lines.push(briefing.intro);
  for (const section of briefing.sections) {
    lines.push('');
    if (section.heading) lines.push(section.heading);
    for (const item of section.items) lines.push(...itemLines(item));
    if (section.more)
      lines.push(`  …and ${section.more.count} more${section.more.command ? ` — ${command(commandText(section.more.command))}` : ''}`);
  }
  if (briefing.sources.length > 0 && !briefing.sections.some((section) => section.items.some((item) => item.quotes))) {
    lines.push('', `Sources: ${briefing.sources.map(sourceLine).join('; ')}`);
  }
  if (briefing.suggestions.length > 0) {
    lines.push('', `Try: ${briefing.suggestions.map(command).join(' · ')}`);
  }
  return lines.join('\n');
}
