import { describe, expect, it } from 'vitest';
import { DownloadProgress, parseDownloadedLine } from '../../src/maven-progress.js';

describe("Maven's download lines", () => {
  it('reads the size of each downloaded file', () => {
    expect(
      parseDownloadedLine(
        'Downloaded from central: https://repo.maven.apache.org/maven2/org/apache/kafka/kafka_2.13/4.1.1/kafka_2.13-4.1.1.jar (6.6 MB at 2.1 MB/s)',
      ),
    ).toEqual({ url: 'https://repo.maven.apache.org/maven2/org/apache/kafka/kafka_2.13/4.1.1/kafka_2.13-4.1.1.jar', bytes: 6_600_000 });
    expect(parseDownloadedLine('[INFO] Downloaded from central: https://x/y.pom (3.4 kB at 12 kB/s)')?.bytes).toBe(3_400);
    expect(parseDownloadedLine('Downloaded from central: https://x/y.sha1 (40 B at 1.2 kB/s)')?.bytes).toBe(40);
  });

  it('ignores every other line', () => {
    expect(parseDownloadedLine('Downloading from central: https://x/y.jar')).toBeUndefined();
    expect(parseDownloadedLine('[INFO] Copying kafka_2.13-4.1.1.jar to /tmp/libs')).toBeUndefined();
  });

  it('sums files and bytes into one figure', () => {
    const progress = new DownloadProgress();
    progress.add({ url: 'a', bytes: 1_500_000 });
    expect(progress.describe()).toBe('1 file, 1.5 MB');
    progress.add({ url: 'b', bytes: 2_000_000 });
    expect(progress.describe()).toBe('2 files, 3.5 MB');
  });
});
