/** What the command line needs from the check module (loaded lazily by the CLI). */
export { approveSite, baselineSite } from './baseline-site.js';
export { checkSite } from './check-site.js';
export { runConcurrently, terminalProgress } from './run-many.js';
export { createRuntime, createStores } from './runtime.js';
