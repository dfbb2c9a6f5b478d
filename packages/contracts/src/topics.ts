/** Topic names, prefixed so that two stacks can share one broker (TOPIC_PREFIX). */
export interface TopicNames {
  posts: string;
  postsDeadLetter: string;
  hashtags: string;
  ingestStatus: string;
  ingestCursors: string;
}

export function topicNames(prefix: string): TopicNames {
  return {
    posts: `${prefix}posts`,
    postsDeadLetter: `${prefix}posts.dlq`,
    hashtags: `${prefix}hashtags`,
    ingestStatus: `${prefix}ingest.status`,
    ingestCursors: `${prefix}ingest.cursors`,
  };
}
