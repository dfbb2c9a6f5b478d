/**
 * The filtered stream's rules as the followed hashtags (pure). Each followed hashtag gets one rule,
 * `#tag` plus the optional base rule (X_RULES), tagged `trendstream #tag`; the tag prefix says which rules
 * this app owns, and rules without it (made by hand or by another tool on the same app) are never touched.
 * https://docs.x.com/x-api/posts/filtered-stream/integrate/build-a-rule
 */
export const RULE_TAG_PREFIX = 'trendstream ';
/** X's limits on pay-per-use: rules of at most 1,024 characters, 1,000 rules per app. */
export const MAX_RULE_LENGTH = 1_024;
export const MAX_RULES = 1_000;

/** A rule as `GET /2/tweets/search/stream/rules` lists it. */
export interface XRule {
  id: string;
  value: string;
  tag?: string;
}

export interface NewXRule {
  value: string;
  tag: string;
}

export interface RulePlan {
  add: NewXRule[];
  /** Ids of owned rules that no followed hashtag needs (unfollowed, duplicated, or made with another base rule). */
  delete: string[];
  /** Followed hashtags that get no rule, and why. */
  refused: { hashtag: string; reason: string }[];
  /** Rules this app does not own. */
  foreign: XRule[];
}

export interface RulePlanOptions {
  /** X_RULES: appended to every hashtag rule. */
  baseRule?: string;
  maxRules?: number;
  /** Rule values X refused before (a syntax it does not accept): not sent again. */
  refusedValues?: ReadonlyMap<string, string>;
}

export function ruleTagFor(hashtag: string): string {
  return `${RULE_TAG_PREFIX}#${hashtag}`;
}

/**
 * `#tag` and the base rule. Terms side by side are ANDed, and AND binds tighter than OR, so a base rule with
 * an OR is put in parentheses (`#tag (a OR b)`), lest it read `(#tag a) OR b`.
 */
export function ruleValueFor(hashtag: string, baseRule?: string): string {
  const base = baseRule?.trim();
  if (!base) return `#${hashtag}`;
  return /(^|\s)OR(\s|$)/u.test(base) ? `#${hashtag} (${base})` : `#${hashtag} ${base}`;
}

/** The hashtag an owned rule is for, or undefined for a rule this app does not own. */
export function ownedHashtag(rule: Pick<XRule, 'tag'>): string | undefined {
  if (!rule.tag?.startsWith(`${RULE_TAG_PREFIX}#`)) return undefined;
  return rule.tag.slice(RULE_TAG_PREFIX.length + 1) || undefined;
}

/** Characters as X counts them in a rule: code points. */
export function ruleLength(value: string): number {
  return Array.from(value).length;
}

/** What to add and delete so that the owned rules are exactly one per followed hashtag. */
export function planRules(current: readonly XRule[], followed: Iterable<string>, options: RulePlanOptions = {}): RulePlan {
  const maxRules = options.maxRules ?? MAX_RULES;
  const wanted = new Map<string, string>();
  const refused: RulePlan['refused'] = [];
  for (const hashtag of [...new Set(followed)].sort()) {
    const value = ruleValueFor(hashtag, options.baseRule);
    const refusal = options.refusedValues?.get(value);
    if (ruleLength(value) > MAX_RULE_LENGTH) refused.push({ hashtag, reason: `its rule would be longer than ${MAX_RULE_LENGTH} characters (shorten X_RULES)` });
    else if (refusal !== undefined) refused.push({ hashtag, reason: refusal });
    else wanted.set(hashtag, value);
  }
  const foreign = current.filter((rule) => ownedHashtag(rule) === undefined);
  const kept = new Set<string>();
  const remove: string[] = [];
  for (const rule of current) {
    const hashtag = ownedHashtag(rule);
    if (hashtag === undefined) continue;
    if (wanted.get(hashtag) === rule.value && !kept.has(hashtag)) kept.add(hashtag);
    else remove.push(rule.id);
  }
  let room = maxRules - foreign.length - kept.size;
  const add: NewXRule[] = [];
  for (const [hashtag, value] of wanted) {
    if (kept.has(hashtag)) continue;
    if (room <= 0) {
      refused.push({ hashtag, reason: `X allows ${maxRules} rules per app${foreign.length > 0 ? `, ${foreign.length} of them not Trendstream's` : ''}` });
      continue;
    }
    add.push({ value, tag: ruleTagFor(hashtag) });
    room -= 1;
  }
  return { add, delete: remove, refused, foreign };
}
