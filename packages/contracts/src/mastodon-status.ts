import { z } from 'zod';

/**
 * The parts of Mastodon's Status entity (https://docs.joinmastodon.org/entities/Status/) that Trendstream
 * reads, in the API's own snake_case, exactly as REST, the streaming `update` event and replay files carry
 * them. Unknown fields are allowed and ignored: servers add fields over time.
 */
const tag = z.object({ name: z.string() });

export const mastodonAccountSchema = z.object({
  id: z.string(),
  acct: z.string(),
  bot: z.boolean().nullish(),
  discoverable: z.boolean().nullish(),
  indexable: z.boolean().nullish(),
  note: z.string().nullish(),
});

const statusCore = {
  id: z.string().min(1),
  uri: z.string().min(1),
  url: z.string().nullish(),
  created_at: z.string().refine((value) => !Number.isNaN(Date.parse(value)), 'created_at is not an ISO 8601 date'),
  language: z.string().nullish(),
  content: z.string(),
  spoiler_text: z.string().nullish(),
  sensitive: z.boolean().nullish(),
  visibility: z.string().nullish(),
  tags: z.array(tag).nullish(),
  account: mastodonAccountSchema,
};

export const mastodonStatusSchema = z.object({
  ...statusCore,
  reblog: z.object(statusCore).nullish(),
});

export type MastodonStatus = z.infer<typeof mastodonStatusSchema>;
export type MastodonAccount = z.infer<typeof mastodonAccountSchema>;
