import { codePointKey } from './code-point-order.js';

/**
 * Words as small integers, so the index's maps and lists hold numbers instead of strings. A word's id lives while
 * something holds it (`acquire`/`release`); a released id is reused, so an expired word leaves nothing behind.
 */
export class WordDictionary {
  private readonly ids = new Map<string, number>();
  private readonly words: string[] = [];
  /** Per id, the word's code-point sort key (see code-point-order.ts). */
  private readonly keys: string[] = [];
  private readonly holders: number[] = [];
  private readonly free: number[] = [];

  /** The word's id, or undefined when nothing holds it. */
  idOf(word: string): number | undefined {
    return this.ids.get(word);
  }

  /** The word's id, counting one more holder. */
  acquire(word: string): number {
    const known = this.ids.get(word);
    if (known !== undefined) {
      this.holders[known] = (this.holders[known] ?? 0) + 1;
      return known;
    }
    const id = this.free.pop() ?? this.words.length;
    this.ids.set(word, id);
    this.words[id] = word;
    this.keys[id] = codePointKey(word);
    this.holders[id] = 1;
    return id;
  }

  release(id: number): void {
    const holders = (this.holders[id] ?? 0) - 1;
    this.holders[id] = holders;
    if (holders > 0) return;
    this.ids.delete(this.word(id));
    this.words[id] = '';
    this.keys[id] = '';
    this.free.push(id);
  }

  word(id: number): string {
    return this.words[id] ?? '';
  }

  /** Compare keys with `<` for MySQL's `ORDER BY word`. */
  key(id: number): string {
    return this.keys[id] ?? '';
  }

  /** Words held now. */
  get size(): number {
    return this.ids.size;
  }
}
