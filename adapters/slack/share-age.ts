// How long a Share button works: a day. An answer older than that is stale (the facts, or "today",
// have moved on), and a value dated ahead of now was not made by a bot on a sane clock (a value
// dated year 9999 was once posted).
export const SHARE_LASTS_MS = 24 * 60 * 60 * 1000;
/** How far ahead of this clock another instance's may be. */
const CLOCK_SKEW_MS = 5 * 60 * 1000;

/** Whether a Share asked at `at` may no longer be posted at `now`. */
export function shareExpired(at: Date, now: Date): boolean {
  const age = now.getTime() - at.getTime();
  return age > SHARE_LASTS_MS || age < -CLOCK_SKEW_MS;
}
