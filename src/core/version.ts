import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The package root: the nearest folder above this file that holds package.json. This file runs from
 * src/core/ (tests), dist/core/ (the build) and dist-tools/src/core/ (the runtime as the tools build
 * it, one folder deeper), so no fixed relative path names the root from all three.
 */
export const PACKAGE_ROOT: string = (() => {
  const here = path.dirname(fileURLToPath(import.meta.url));
  for (let dir = here; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`no package.json in ${here} or above`);
  }
})();

/** defacewatch's version, from its package.json: `--version`, the TAXII client's User-Agent. */
export const PACKAGE_VERSION: string = (JSON.parse(readFileSync(path.join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
