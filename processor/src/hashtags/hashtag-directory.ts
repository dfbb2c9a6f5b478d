/** The followed hashtags: read by the counting (tag scopes) and the API, written by the API. */
export interface HashtagDirectory {
  list(): readonly string[];
  has(tag: string): boolean;
  follow(tag: string): Promise<void>;
  unfollow(tag: string): Promise<void>;
}
