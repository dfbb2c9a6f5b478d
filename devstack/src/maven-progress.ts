/**
 * Maven's own download lines (`Downloaded from central: URL (3.4 MB at 1.2 MB/s)`), summed into one progress
 * figure: the first run fetches about a hundred files, and a silent minute looks like a hang.
 */
const DOWNLOADED = /^Downloaded from [^:]+: (\S+) \(([\d.,]+) (B|kB|KB|MB|GB) at/u;
const UNIT_BYTES: Record<string, number> = { B: 1, kB: 1_000, KB: 1_024, MB: 1_000_000, GB: 1_000_000_000 };

export interface Downloaded {
  url: string;
  bytes: number;
}

export function parseDownloadedLine(line: string): Downloaded | undefined {
  const match = DOWNLOADED.exec(line.replace(/^\[INFO\] /u, '').trim());
  if (!match?.[1] || !match[2] || !match[3]) return undefined;
  return { url: match[1], bytes: Math.round(Number(match[2].replace(/,/gu, '')) * (UNIT_BYTES[match[3]] ?? 1)) };
}

export class DownloadProgress {
  files = 0;
  bytes = 0;

  add(downloaded: Downloaded): void {
    this.files++;
    this.bytes += downloaded.bytes;
  }

  describe(): string {
    return `${this.files} ${this.files === 1 ? 'file' : 'files'}, ${(this.bytes / 1_000_000).toFixed(1)} MB`;
  }
}
