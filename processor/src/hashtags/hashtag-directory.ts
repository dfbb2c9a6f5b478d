/** The followed hashtags: read by the counting (tag scopes) and the API, written by the API. */
export interface HashtagDirectory {
  /**
   * Resolves true once the followed set has been read (at start it is read from Kafka), or false if that takes
   * longer than `timeoutMs`: until then `list()` may be missing tags that are followed.
   */
  whenLoaded(timeoutMs: number): Promise<boolean>;
  list(): readonly string[];
  has(tag: string): boolean;
  follow(tag: string): Promise<void>;
  unfollow(tag: string): Promise<void>;
}
