import path from 'node:path';
import { PACKAGE_ROOT } from '../src/core/version.js';

/** The runtime's built CLI (`npm run build` writes dist/), which eval and demo run as a user would. */
export const RUNTIME_CLI = path.join(PACKAGE_ROOT, 'dist', 'cli', 'main.js');
