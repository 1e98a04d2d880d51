/** Reading a run directory's artifacts: absent files are not errors. */
import { access, readFile } from 'node:fs/promises';
import { DataError } from '../../errors.ts';

/** Whether `file` exists and can be read. */
export async function exists(file: string): Promise<boolean> {
  try {
    await access(file);
    return true;
  } catch {
    return false;
  }
}

/**
 * The parsed JSON in `file`, or undefined when the file does not exist.
 * A file that exists but does not parse is a DataError: a half-written
 * artifact should be noticed, not silently skipped.
 */
export async function readJson(file: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new DataError(
      `is not valid JSON (${(error as Error).message}); rerun the stage ` +
        'that writes it, or delete it to leave its section out.',
      { file },
    );
  }
}
