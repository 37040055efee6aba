// The two scheduled digests as pure functions of (catalog, instant, zone, options).
import { calendarDayIn, weekNumber, type CalendarDay } from '../dates/calendar.ts';
import { formatFactDate } from '../dates/fact-date.ts';
import type { Catalog } from '../facts/catalog.ts';
import type { Theme } from '../facts/types.ts';
import { factBriefing, factSection } from '../briefing/items.ts';
import type { Briefing } from '../briefing/model.ts';
import { dueOnDay } from './on-this-date.ts';
import type { SubscriptionSettings } from '../store/subscriptions.ts';
import { ArchiveRotation } from './archive.ts';

export function dayTitle(day: CalendarDay): string {
  return formatFactDate({ precision: 'day', ...day });
}

/** What a digest's occurrence comes to: a briefing to post, nothing to post, or a subscription that cannot run. */
type DigestDecision =
  | { action: 'post'; briefing: Briefing }
  /** `reason` is the one wording for an empty digest, wherever it is shown or recorded. */
  | { action: 'skip'; reason: string }
  | { action: 'pause'; reason: string };

/** What deciding a digest needs of a subscription (or of a preview, which is one not yet saved). */
type DigestSettings = Pick<SubscriptionSettings, 'cadence' | 'zone' | 'quiet' | 'themeId'>;

export class Digests {
  /** The "From the archive" rotation, shared with the lookups of a quiet today or week. */
  readonly archive: ArchiveRotation;

  constructor(private readonly catalog: Catalog) {
    this.archive = new ArchiveRotation(catalog);
  }

  /**
   * The digest a subscription posts at `at`, decided once for the scheduler, the `preview`
   * command and `dateline digest`: a weekly one whose theme left the fact packs cannot run.
   */
  forSubscription(subscription: DigestSettings, at: Date): DigestDecision {
    if (subscription.cadence === 'daily') {
      const briefing = this.daily(at, subscription.zone, { quiet: subscription.quiet });
      if (briefing) return { action: 'post', briefing };
      const why = subscription.quiet ? 'a quiet digest posts nothing then' : 'the archive is empty';
      return { action: 'skip', reason: `Nothing is due on this date, and ${why}.` };
    }
    if (subscription.themeId && !this.catalog.theme(subscription.themeId)) {
      return {
        action: 'pause',
        reason: `The theme "${subscription.themeId}" is no longer in the fact packs: subscribe again with another theme.`,
      };
    }
    const briefing = this.weekly(at, subscription.zone, subscription.themeId);
    return briefing ? { action: 'post', briefing } : { action: 'skip', reason: 'There are no themes to digest yet.' };
  }

  /**
   * The daily "on this date" digest for the day `instant` falls on in `zone`. With nothing
   * due it shows one fact "From the archive", or nothing at all (undefined) when quiet.
   */
  daily(instant: Date, zone: string, options: { quiet?: boolean } = {}): Briefing | undefined {
    const day = calendarDayIn(instant, zone);
    const due = dueOnDay(this.catalog, day);
    const title = `On this date — ${dayTitle(day)}`;
    if (due.onDay.length > 0 || due.thisMonth.length > 0) {
      return factBriefing(title, [
        factSection('On this day', due.onDay, { anniversaryYear: day.year, moreCommand: { kind: 'today' } }),
        factSection('This month', due.thisMonth, { anniversaryYear: day.year, moreCommand: { kind: 'today' } }),
      ]);
    }
    if (options.quiet) return undefined;
    const fact = this.archive.factFor(day);
    if (!fact) return undefined;
    return factBriefing(
      title,
      [factSection('From the archive', [fact])],
      'Nothing in our facts falls on this date, so here is one from the archive.',
    );
  }

  /** The theme of the week: themes in themes.yaml order, rotating every ISO week, the same everywhere. */
  themeOfWeek(instant: Date, zone: string): Theme | undefined {
    const themes = this.catalog.themes;
    if (themes.length === 0) return undefined;
    const week = weekNumber(calendarDayIn(instant, zone));
    return themes[((week % themes.length) + themes.length) % themes.length];
  }

  /** The weekly thematic digest: the given theme, else the theme of the week. */
  weekly(instant: Date, zone: string, themeId?: string): Briefing | undefined {
    const theme = themeId ? this.catalog.theme(themeId) : this.themeOfWeek(instant, zone);
    return theme ? themeBriefing(this.catalog, theme) : undefined;
  }
}

/** A theme's digest: dated facts newest first, then the theme's undated context. */
export function themeBriefing(catalog: Catalog, theme: Theme): Briefing {
  const facts = catalog.inTheme(theme.id);
  const firstUndated = facts.findIndex((fact) => !fact.date);
  const dated = firstUndated === -1 ? facts : facts.slice(0, firstUndated);
  const undated = firstUndated === -1 ? [] : facts.slice(firstUndated);
  return factBriefing(
    `${theme.title}`,
    [
      factSection('Dated, newest first', dated, { moreCommand: { kind: 'search', text: theme.id } }),
      factSection('Context', undated, { moreCommand: { kind: 'search', text: theme.id } }),
    ],
    theme.description,
  );
}
