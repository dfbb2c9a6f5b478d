/** node:util's messages go on to explain `--` for positionals; the first sentence is the useful part. */
export function firstSentence(message: string): string {
  const firstLine = message.split('\n')[0] ?? message;
  const end = firstLine.indexOf('. ');
  return end >= 0 ? firstLine.slice(0, end + 1) : firstLine;
}
