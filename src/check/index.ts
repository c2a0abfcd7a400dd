/** What the command line needs from the check module (loaded lazily by the CLI). */
export { approvalPreview, approveSite, formatApprovalPreview } from './approve.js';
export { baselineSite } from './baseline-site.js';
export { checkSite } from './check-site.js';
export { deliverDue } from './deliver.js';
export { refreshBaseline, refreshedLine } from './refresh-baseline.js';
export { exportMisp, exportStix } from './export.js';
export { acknowledgeSite } from './incidents.js';
export { endMaintenance, formatMaintenanceLine, maintenanceLines, startMaintenance } from './maintenance.js';
export { findAgency, formatOutboxLine, operatorName, outboxLines, retryFailedDeliveries, sendTestAlert } from './operator.js';
export { formatAuditEntry, formatIncidentLine, formatSiteStatus, formatTimelineEvent, incidentLines, incidentTimeline, siteStatuses } from './status.js';
export { runConcurrently, terminalProgress } from './run-many.js';
export { createRuntime, openSetup } from './runtime.js';
