import { mkdir, stat } from 'node:fs/promises';
import { DefacewatchError } from '../core/errors.js';
import { displayPath } from './load-targets.js';

/**
 * The folders the command line names (`--data`, `--baselines`): a path that is a file, or a folder
 * that cannot be made, is refused naming the flag and the fix, before anything is read or written.
 */

/** Creates the folder when missing; `flag` is how the user named it (e.g. "--data"). */
export async function ensureFolder(flag: string, dir: string): Promise<void> {
  try {
    await mkdir(dir, { recursive: true });
  } catch (err) {
    throw folderError(flag, dir, err as NodeJS.ErrnoException);
  }
}

/** Refuses a path that exists and is not a folder; a missing one is fine (it is made when first written). */
export async function checkFolder(flag: string, dir: string): Promise<void> {
  let isFolder: boolean;
  try {
    isFolder = (await stat(dir)).isDirectory();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw folderError(flag, dir, err as NodeJS.ErrnoException);
  }
  if (!isFolder) throw folderError(flag, dir, Object.assign(new Error('not a folder'), { code: 'ENOTDIR' }));
}

function folderError(flag: string, dir: string, err: NodeJS.ErrnoException): DefacewatchError {
  const shown = `${flag} ${displayPath(dir)}`;
  const hint = `Point ${flag} at a folder; it is created when missing.`;
  switch (err.code) {
    case 'EEXIST':
    case 'ENOTDIR':
      return new DefacewatchError('USAGE', `${shown}: is a file (or lies under one), not a folder`, { cause: err, hint });
    case 'EACCES':
    case 'EPERM':
    case 'EROFS':
      return new DefacewatchError('USAGE', `${shown}: permission denied`, {
        cause: err,
        hint: `Let the user running defacewatch write there, or point ${flag} elsewhere.`,
      });
    default:
      return new DefacewatchError('USAGE', `${shown}: cannot be used as a folder: ${err.message}`, { cause: err, hint });
  }
}
