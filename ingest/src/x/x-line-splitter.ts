/** What one chunk of the stream's body held: whole lines (`\r\n` or `\n` ended, without it), and lines cut short. */
export interface SplitChunk {
  lines: string[];
  /** Lines dropped because they grew past the bound without an end (a broken or hostile server). */
  overlong: number;
}

/**
 * Cuts a streamed HTTP body into lines, whatever the chunk boundaries (a line, or a UTF-8 character, may span
 * chunks). Memory is bounded: a line longer than `maxLineChars` is dropped, up to its end, and counted.
 */
export class LineSplitter {
  private readonly decoder = new TextDecoder('utf-8');
  private partial = '';
  private skipping = false;

  constructor(private readonly maxLineChars = 1_000_000) {}

  push(chunk: Uint8Array): SplitChunk {
    const text = this.partial + this.decoder.decode(chunk, { stream: true });
    const pieces = text.split('\n');
    this.partial = pieces.pop() ?? '';
    const lines: string[] = [];
    let overlong = 0;
    for (const piece of pieces) {
      if (this.skipping) {
        this.skipping = false;
        continue;
      }
      lines.push(piece.endsWith('\r') ? piece.slice(0, -1) : piece);
    }
    if (this.partial.length > this.maxLineChars) {
      if (!this.skipping) overlong += 1;
      this.skipping = true;
      this.partial = '';
    }
    return { lines, overlong };
  }
}
