import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The repository root: the nearest folder above this file that holds package.json. The tools run
 * from tools/ (vitest, the source) and from dist-tools/tools/ (the build), one level deeper, so a
 * fixed relative path cannot name the same file from both.
 */
function repoRoot(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  for (let dir = here; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`no package.json in ${here} or above`);
  }
}

/** The runtime's built CLI (`npm run build` writes dist/), which the tools run as a user would. */
export const RUNTIME_CLI = path.join(repoRoot(), 'dist', 'cli', 'main.js');
