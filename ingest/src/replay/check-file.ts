import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';

/** Null when `file` is a readable regular file, else one line saying what is wrong with it. */
export async function checkReplayFile(file: string): Promise<string | null> {
  try {
    const info = await stat(file);
    if (!info.isFile()) return `${file} is not a file`;
    await access(file, constants.R_OK);
    return null;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return `${file} does not exist`;
    if (code === 'EACCES') return `${file} is not readable (permission denied)`;
    return `cannot open ${file}: ${(error as Error).message}`;
  }
}
