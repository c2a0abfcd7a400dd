/** What the command line needs from the check module (loaded lazily by the CLI). */
export { approveSite, baselineSite } from './baseline-site.js';
export { checkSite } from './check-site.js';
export { deliverDue } from './deliver.js';
export { refreshBaseline, refreshedLine } from './refresh-baseline.js';
export { exportMisp, exportStix } from './export.js';
export { acknowledgeSite } from './incidents.js';
export { findAgency, formatOutboxLine, outboxLines, sendTestAlert } from './operator.js';
export { runConcurrently, terminalProgress } from './run-many.js';
export { createRuntime, openSetup } from './runtime.js';
