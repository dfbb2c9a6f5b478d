const INITIAL_WORDS = 1024;

/**
 * Per-word totals of one window (for one scope and language, or all languages), with the top of their ranking
 * kept up to date as totals change: the ranking of `SELECT word, SUM(post_count) … GROUP BY word HAVING total > 0
 * ORDER BY total DESC, word`, ties broken by code point (the `key` of a word id).
 *
 * How the top stays cheap: a set of *members* (at most 2 × capacity words) and a *bound*, the rank of the best word
 * outside the members (or none). Invariant: every word outside the members ranks at or below the bound. So the
 * members that rank above the bound, sorted, are exactly the true top of that length.
 * - a member's total changes: it stays a member (leaves when its total reaches 0); the order is redone lazily;
 * - an outsider's total changes: it joins the members only if it now ranks above the bound (one comparison);
 * - members past 2 × capacity: the worst are cut and the bound rises to the best of them;
 * - asking for the top n when fewer than n members rank above the bound: one scan of all totals rebuilds the
 *   members (the `capacity` best) and the bound. Decreases of top words and the bound rising are what use up the
 *   slack, so this happens once in many window slides, not on every call.
 * So `add` is O(1) (plus an amortized O(log capacity) when it cuts), `top(n)` is O(n) when nothing changed,
 * O(capacity log capacity) after changes, and O(words) when it has to rebuild.
 */
export class RankedCounts {
  /**
   * Indexed by word id (ids are dense per scope, see word-dictionary.ts): a change costs one array access, where a
   * Map of 100,000 words cost several cache misses. 5 bytes per word of the scope, whatever the view holds.
   * 32-bit: a word's posts in one window stay far below 2^31.
   */
  private totals = new Int32Array(INITIAL_WORDS);
  private member = new Uint8Array(INITIAL_WORDS);
  private nonZero = 0;
  private members = new Set<number>();
  /** The members in rank order; undefined once a member changed. */
  private sorted: number[] | undefined = [];
  /** The rank of the best word outside the members; a total of 0 means there is none. */
  private boundTotal = 0;
  private boundKey = '';
  /** Totals were loaded in bulk without keeping the members: the next `top` rebuilds them. */
  private stale = false;
  private capacity: number;

  constructor(
    private readonly keyOf: (id: number) => string,
    capacity = 400,
  ) {
    this.capacity = capacity;
  }

  total(id: number): number {
    return this.totals[id] ?? 0;
  }

  /** Distinct words with a total other than 0. */
  get size(): number {
    return this.nonZero;
  }

  add(id: number, delta: number): void {
    if (id >= this.totals.length) this.grow(id);
    const before = this.totals[id] ?? 0;
    const after = before + delta;
    this.totals[id] = after;
    this.nonZero += (after === 0 ? 0 : 1) - (before === 0 ? 0 : 1);
    if (this.stale) return;
    if (this.member[id] === 1) {
      if (after <= 0) {
        this.member[id] = 0;
        this.members.delete(id);
      }
      this.sorted = undefined;
    } else if (after > 0 && this.ranksAboveBound(id, after)) {
      this.member[id] = 1;
      this.members.add(id);
      this.sorted = undefined;
      if (this.members.size > 2 * this.capacity) this.cut();
    }
  }

  /** Forgets every total; the caller reloads them with `add` (members are rebuilt at the next `top`). */
  clear(): void {
    this.totals.fill(0);
    this.member.fill(0);
    this.nonZero = 0;
    this.members = new Set();
    this.sorted = [];
    this.boundTotal = 0;
    this.boundKey = '';
    this.stale = true;
  }

  /** The ids of the n best words with a total above 0, best first. */
  top(n: number): number[] {
    if (n <= 0) return [];
    if (2 * n > this.capacity) {
      this.capacity = 2 * n;
      this.stale = true;
    }
    if (this.stale) this.rebuild();
    let sorted = this.sortedMembers();
    if (!this.coversTop(sorted, n)) {
      this.rebuild();
      sorted = this.sortedMembers();
    }
    return sorted.slice(0, n);
  }

  private coversTop(sorted: readonly number[], n: number): boolean {
    if (this.boundTotal === 0) return true;
    if (sorted.length < n) return false;
    const nth = sorted[n - 1] ?? 0;
    return this.ranksAboveBound(nth, this.total(nth));
  }

  private ranksAboveBound(id: number, total: number): boolean {
    return total > this.boundTotal || (total === this.boundTotal && this.keyOf(id) < this.boundKey);
  }

  private sortedMembers(): number[] {
    this.sorted ??= this.rank([...this.members]).map((entry) => entry.id);
    return this.sorted;
  }

  /** Keeps the `capacity` best members; the bound rises to the best of those cut. */
  private cut(): void {
    const ranked = this.rank([...this.members]);
    const firstCut = ranked[this.capacity];
    if (firstCut) this.raiseBound(firstCut);
    for (const { id } of ranked.slice(this.capacity)) this.member[id] = 0;
    ranked.length = Math.min(ranked.length, this.capacity);
    this.members = new Set(ranked.map((entry) => entry.id));
    this.sorted = ranked.map((entry) => entry.id);
  }

  /** The `capacity` best words of all totals become the members; the best of the rest sets the bound. */
  private rebuild(): void {
    this.boundTotal = 0;
    this.boundKey = '';
    let chosen: Ranked[] = [];
    this.member.fill(0);
    for (let id = 0; id < this.totals.length; id += 1) {
      const total = this.totals[id] ?? 0;
      if (total <= 0 || (this.boundTotal > 0 && !this.ranksAboveBound(id, total))) continue;
      chosen.push({ id, total, key: this.keyOf(id) });
      if (chosen.length >= 2 * this.capacity) chosen = this.keepBest(chosen);
    }
    chosen = this.keepBest(chosen);
    for (const { id } of chosen) this.member[id] = 1;
    this.members = new Set(chosen.map((entry) => entry.id));
    this.sorted = chosen.map((entry) => entry.id);
    this.stale = false;
  }

  private keepBest(entries: Ranked[]): Ranked[] {
    entries.sort(byRank);
    const firstCut = entries[this.capacity];
    if (firstCut) this.raiseBound(firstCut);
    entries.length = Math.min(entries.length, this.capacity);
    return entries;
  }

  private grow(id: number): void {
    const length = Math.max(id + 1, 2 * this.totals.length);
    const totals = new Int32Array(length);
    totals.set(this.totals);
    this.totals = totals;
    const member = new Uint8Array(length);
    member.set(this.member);
    this.member = member;
  }

  private raiseBound(entry: Ranked): void {
    if (this.boundTotal === 0 || entry.total > this.boundTotal || (entry.total === this.boundTotal && entry.key < this.boundKey)) {
      this.boundTotal = entry.total;
      this.boundKey = entry.key;
    }
  }

  private rank(ids: number[]): Ranked[] {
    return ids.map((id) => ({ id, total: this.total(id), key: this.keyOf(id) })).sort(byRank);
  }
}

interface Ranked {
  id: number;
  total: number;
  key: string;
}

function byRank(a: Ranked, b: Ranked): number {
  return b.total - a.total || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
}
