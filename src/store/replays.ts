// The replay cache: keys of requests and actions already processed (a Slack request's signature,
// a button click), each remembered until it could no longer be presented, so that whichever
// instance receives a replay refuses it.
export interface ReplayCache {
  /** Records `key` until now + ttlMs; true the first time, false while it is still remembered. */
  firstSeen(key: string, now: Date, ttlMs: number): Promise<boolean>;
}
