import { z } from 'zod';
import type { Post } from '@trendstream/contracts/post';
import { toXPost, xPostSchema, type XPostContext } from './x-post.js';

/** An error object X sends in the stream (`{"errors":[…]}`), e.g. an operational disconnect. */
export interface XStreamError {
  title: string;
  detail: string;
}

/** One line of the filtered stream as the ingest needs it. */
export type XStreamLine =
  | { kind: 'keep-alive' }
  | { kind: 'post'; post: Post; ruleTags: string[] }
  | { kind: 'errors'; errors: XStreamError[] }
  | { kind: 'other' }
  | { kind: 'invalid'; reason: string };

const ruleSchema = z.object({ tag: z.string().max(1024).optional() }).loose();
const errorSchema = z
  .object({ title: z.string().max(1_000).optional(), detail: z.string().max(4_000).optional(), message: z.string().max(4_000).optional() })
  .loose();

/**
 * Reads one line of `GET /2/tweets/search/stream` (https://docs.x.com/x-api/posts/filtered-stream/introduction):
 * `{"data":{…},"includes":{…},"matching_rules":[{id,tag}]}`, a blank keep-alive, or `{"errors":[…]}`. Pure and
 * total: any text gives a line, the odd ones `invalid` with a reason; fields may come in any order or be missing.
 */
export function parseXStreamLine(text: string, context: XPostContext): XStreamLine {
  if (text.trim() === '') return { kind: 'keep-alive' };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { kind: 'invalid', reason: 'not JSON' };
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return { kind: 'invalid', reason: 'not a JSON object' };
  const message = json as { data?: unknown; matching_rules?: unknown; errors?: unknown };
  if (message.data !== undefined) {
    const data = xPostSchema.safeParse(message.data);
    if (!data.success) return { kind: 'invalid', reason: issueText(data.error) };
    return { kind: 'post', post: toXPost(data.data, context), ruleTags: ruleTags(message.matching_rules) };
  }
  if (Array.isArray(message.errors)) return { kind: 'errors', errors: message.errors.map(errorOf) };
  return { kind: 'other' };
}

function ruleTags(rules: unknown): string[] {
  if (!Array.isArray(rules)) return [];
  return rules.flatMap((rule) => {
    const parsed = ruleSchema.safeParse(rule);
    return parsed.success && parsed.data.tag !== undefined ? [parsed.data.tag] : [];
  });
}

function errorOf(error: unknown): XStreamError {
  const parsed = errorSchema.safeParse(error);
  if (!parsed.success) return { title: 'error', detail: '' };
  return { title: parsed.data.title ?? 'error', detail: parsed.data.detail ?? parsed.data.message ?? '' };
}

function issueText(error: z.ZodError): string {
  const issue = error.issues[0];
  return issue ? `${['data', ...issue.path].join('.')}: ${issue.message}` : 'not a post';
}
