/**
 * The kinds of sink the daemon builds at start-up, in the order an alert is written to them. A new
 * kind is one file exporting a SinkKind (./types.ts) and one line here; routing builds whatever is
 * listed.
 */
import { alertsFileKind } from './json-lines-file.js';
import { mailKind } from './mail.js';
import type { SinkKind } from './types.js';
import { webhookKind } from './webhook.js';

export const SINK_KINDS: readonly SinkKind[] = [mailKind, alertsFileKind, webhookKind];
