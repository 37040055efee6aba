// A cache of validated packs, so that a large pack is read from YAML once, not at every
// start: an entry is the pack's facts as JSON, named by a hash of the file's exact text (and
// of CACHE_VERSION), so any edit to the file misses the cache and is validated afresh.
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Fact } from './types.ts';

/** Change this whenever the loader turns the same YAML into different facts. */
const CACHE_VERSION = 'dateline-facts-2';

export class PackCache {
  private readonly used = new Set<string>();

  constructor(private readonly dir: string) {}

  get(text: string): Fact[] | undefined {
    const name = this.entryName(text);
    try {
      const facts = JSON.parse(readFileSync(join(this.dir, name), 'utf8')) as Fact[];
      this.used.add(name);
      return facts;
    } catch {
      return undefined;
    }
  }

  /** Stores a pack's facts; a cache that cannot be written is simply not used. */
  set(text: string, facts: Fact[]): void {
    const name = this.entryName(text);
    try {
      mkdirSync(this.dir, { recursive: true });
      const temporary = join(this.dir, `${name}.${process.pid}.tmp`);
      writeFileSync(temporary, JSON.stringify(facts));
      renameSync(temporary, join(this.dir, name));
      this.used.add(name);
    } catch {
      // Read-only or full disk: the packs load from YAML next time too.
    }
  }

  /** Removes the entries of packs that were not loaded this time (edited or removed since). */
  prune(): void {
    try {
      for (const name of readdirSync(this.dir)) {
        if (name.endsWith('.json') && !this.used.has(name)) rmSync(join(this.dir, name), { force: true });
      }
    } catch {
      // Nothing cached yet.
    }
  }

  private entryName(text: string): string {
    return `${createHash('sha256').update(CACHE_VERSION).update('\0').update(text).digest('hex')}.json`;
  }
}
