import { randomBytes } from 'node:crypto';
import { mkdir, readdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

function tempSuffix(): string {
  return `${process.pid}-${randomBytes(4).toString('hex')}`;
}

/** Writes a file so readers see the old content or the new, never a half-written one. */
export async function writeFileAtomic(file: string, data: string | Uint8Array): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const temp = path.join(path.dirname(file), `.tmp-${path.basename(file)}-${tempSuffix()}`);
  try {
    await writeFile(temp, data);
    await rename(temp, file);
  } catch (err) {
    await rm(temp, { force: true });
    throw err;
  }
}

/**
 * Replaces a whole folder with new content: the files are written into a sibling temp folder, then
 * swapped in with two renames. A crash between the renames leaves `.old-<name>-…` behind, which
 * `recoverFolder` puts back, so a folder is never seen half-written.
 */
export async function replaceFolderAtomic(folder: string, files: Record<string, string | Uint8Array>): Promise<void> {
  const parent = path.dirname(folder);
  const name = path.basename(folder);
  await mkdir(parent, { recursive: true });
  const staging = path.join(parent, `.tmp-${name}-${tempSuffix()}`);
  const retired = path.join(parent, `.old-${name}-${tempSuffix()}`);
  try {
    await mkdir(staging);
    for (const [fileName, data] of Object.entries(files)) await writeFile(path.join(staging, fileName), data);
    let hadOld = true;
    try {
      await rename(folder, retired);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      hadOld = false;
    }
    await rename(staging, folder);
    if (hadOld) await rm(retired, { recursive: true, force: true });
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

/** Restores a folder whose replacement was interrupted between its two renames. */
export async function recoverFolder(folder: string): Promise<void> {
  const parent = path.dirname(folder);
  const name = path.basename(folder);
  let entries: string[];
  try {
    entries = await readdir(parent);
  } catch {
    // No folder yet (nothing stored), or one that cannot be listed: nothing to put back; the read or
    // write that follows reports the folder it cannot use.
    return;
  }
  const retired = entries.filter((entry) => entry.startsWith(`.old-${name}-`)).sort();
  if (retired.length === 0) return;
  if (!entries.includes(name)) {
    const newest = retired.pop()!;
    await rename(path.join(parent, newest), folder);
  }
  for (const entry of retired) await rm(path.join(parent, entry), { recursive: true, force: true });
}
