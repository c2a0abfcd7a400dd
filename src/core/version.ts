import { readFileSync } from 'node:fs';

/**
 * defacewatch's version, from its package.json: `--version`, the TAXII client's User-Agent. src/core/
 * and dist/core/ are both two folders below the package root, so the same path serves tests and builds.
 */
export const PACKAGE_VERSION: string = (
  JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }
).version;
