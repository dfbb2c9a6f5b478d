import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { DevstackError } from './devstack-error.js';
import { DownloadProgress, parseDownloadedLine } from './maven-progress.js';
import { KAFKA_CACHE, KAFKA_POM } from './paths.js';

/** The pinned broker version, read from the pom so there is one place to change it. */
export function kafkaVersion(): string {
  const match = /<kafka\.version>([^<]+)<\/kafka\.version>/u.exec(readFileSync(KAFKA_POM, 'utf8'));
  if (!match?.[1]) throw new DevstackError(`${KAFKA_POM} has no <kafka.version>`);
  return match[1];
}

export function kafkaLibsDir(version = kafkaVersion()): string {
  return path.join(KAFKA_CACHE, version, 'libs');
}

export const JAVA_HINT = 'install a Java 17+ runtime (Debian: apt-get install -y openjdk-17-jre-headless), or set KAFKA_BROKERS to use a running Kafka';

const PROGRESS_EVERY_MS = 2_000;

/**
 * Runs mvn, turning its download lines into a progress line every few seconds; its other output is kept back
 * (it is noise when all goes well) and its error lines returned for when it fails.
 */
function runMavenWithProgress(args: string[], log: (line: string) => void): Promise<{ exitCode: number; errors: string[] }> {
  return new Promise((resolve, reject) => {
    const mvn = spawn('mvn', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const progress = new DownloadProgress();
    const errors: string[] = [];
    let lastReport = Date.now();
    const onLine = (line: string): void => {
      const downloaded = parseDownloadedLine(line);
      if (downloaded) {
        progress.add(downloaded);
        if (Date.now() - lastReport >= PROGRESS_EVERY_MS) {
          lastReport = Date.now();
          log(`  downloaded ${progress.describe()} so far...`);
        }
      } else if (/^\[(ERROR|FATAL)\]/u.test(line) && errors.length < 40) {
        errors.push(line);
      }
    };
    createInterface({ input: mvn.stdout }).on('line', onLine);
    createInterface({ input: mvn.stderr }).on('line', onLine);
    mvn.on('error', reject);
    mvn.on('close', (code) => {
      if (progress.files > 0) log(`  downloaded ${progress.describe()} in all.`);
      resolve({ exitCode: code ?? 1, errors });
    });
  });
}

export function requireCommand(command: string, args: string[], installHint: string): void {
  const result = spawnSync(command, args, { stdio: 'ignore' });
  if (result.error) throw new DevstackError(`'${command}' was not found: ${installHint}`);
}

/**
 * Resolves the broker's jars into the cache with Maven the first time, then reuses them. The copy lands in a
 * temporary folder renamed into place, so an interrupted download never leaves a half-filled libs folder.
 */
export async function ensureKafkaJars(log: (line: string) => void): Promise<string> {
  const version = kafkaVersion();
  const libs = kafkaLibsDir(version);
  if (existsSync(path.join(libs, `kafka_2.13-${version}.jar`))) return libs;

  requireCommand('java', ['-version'], JAVA_HINT);
  requireCommand('mvn', ['--version'], 'install Apache Maven (Debian: apt-get install -y maven)');
  log(`Resolving Apache Kafka ${version} from Maven Central into ${libs} (first run only)...`);
  const staging = `${libs}.partial-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  const { exitCode, errors } = await runMavenWithProgress(['-B', '-f', KAFKA_POM, 'dependency:copy-dependencies', `-DoutputDirectory=${staging}`], log);
  if (exitCode !== 0) {
    rmSync(staging, { recursive: true, force: true });
    for (const line of errors) log(line);
    throw new DevstackError(`mvn could not resolve org.apache.kafka:kafka_2.13:${version} (exit ${exitCode}); check that Maven Central is reachable`);
  }
  const jars = readdirSync(staging).filter((file) => file.endsWith('.jar'));
  log(`Resolved ${jars.length} jars.`);
  rmSync(libs, { recursive: true, force: true });
  renameSync(staging, libs);
  return libs;
}
