import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { REPO_ROOT } from '@trendstream/testkit/repo';

const SPARK_DIR = path.join(REPO_ROOT, 'spark');

/** The Spark engine's classpath as Maven built it (`npm run build`). */
export function engineClasspath(): string {
  try {
    return `${path.join(SPARK_DIR, 'target', 'classes')}:${readFileSync(path.join(SPARK_DIR, 'target', 'classpath.txt'), 'utf8').trim()}`;
  } catch {
    throw new Error('spark/target is not built: run `npm run build` (Maven builds the Spark engine)');
  }
}

/**
 * Runs one of the engine's line tools (`mainClass ARGS`): each input line in, each output line back, parsed as
 * JSON. Its errors go to the test's stderr; a non-zero exit rejects.
 */
export function runEngineLines<T>(mainClass: string, lines: readonly string[], args: readonly string[] = []): Promise<T[]> {
  return new Promise((resolve, reject) => {
    const java = spawn('java', ['-Dslf4j.internal.verbosity=ERROR', '-cp', engineClasspath(), mainClass, ...args], { stdio: ['pipe', 'pipe', 'inherit'] });
    const outputs: T[] = [];
    createInterface({ input: java.stdout }).on('line', (line) => outputs.push(JSON.parse(line) as T));
    java.on('error', reject);
    java.on('close', (code) => (code === 0 ? resolve(outputs) : reject(new Error(`${mainClass} exited with ${code}`))));
    java.stdin.end(lines.length === 0 ? '' : `${lines.join('\n')}\n`);
  });
}

/** A value with every object's keys sorted, so that two engines' JSON compare by content. */
export function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([key, item]) => [key, sortKeys(item)]),
    );
  }
  return value;
}
