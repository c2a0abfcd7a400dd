import { z } from 'zod';
import { cronExpression, envVarName, isHttpUrl } from './fields.js';

/**
 * The format of the daemon's own config file (`defacewatch.yaml`, or `--config` /
 * DEFACEWATCH_CONFIG): settings of this sensor rather than of an agency — who it is on the
 * sharing network, the global on-call list, alert policy, webhooks, TAXII hubs. Every field is
 * optional: without the file, defaults and environment variables apply. Secrets are given as the
 * names of environment variables, never as values.
 */

export const DEFAULT_REMINDER_HOURS = 4;
export const DEFAULT_CLOSE_AFTER_CLEAN_CHECKS = 2;
export const DEFAULT_UNREACHABLE_AFTER_MINUTES = 30;
export const DEFAULT_DIGEST_SCHEDULE = '0 8 * * *';
export const DEFAULT_TAXII_PULL_SCHEDULE = '*/15 * * * *';
export const DEFAULT_TAXII_PORT = 9470;

/** TLP 2.0 levels (FIRST); `amber+strict` limits sharing to the recipient organisation. */
export const TLP_LEVELS = ['clear', 'green', 'amber', 'amber+strict', 'red'] as const;
export type TlpLevel = (typeof TLP_LEVELS)[number];

export const tlpSchema = z.enum(TLP_LEVELS).describe('Traffic Light Protocol 2.0 marking of what is shared: clear, green, amber, amber+strict or red.');

/** How incidents page people. The same fields, all optional, override it per agency. */
export const alertPolicySchema = z
  .strictObject({
    reminderHours: z
      .number()
      .min(0)
      .max(168)
      .default(DEFAULT_REMINDER_HOURS)
      .describe('Hours between reminders while an incident stays open and unacknowledged; 0 sends none.'),
    closeAfterCleanChecks: z
      .number()
      .int()
      .min(1)
      .max(50)
      .default(DEFAULT_CLOSE_AFTER_CLEAN_CHECKS)
      .describe('Consecutive checks without a defacement needed to close an incident as restored (stops flapping storms).'),
    unreachableAfterMinutes: z
      .number()
      .int()
      .min(1)
      .max(7 * 24 * 60)
      .default(DEFAULT_UNREACHABLE_AFTER_MINUTES)
      .describe('A site that cannot be loaded for this long gets one lower-priority notice.'),
    digest: z.boolean().default(true).describe('Send a daily digest of `changed` verdicts (nobody is paged for those).'),
    digestSchedule: cronExpression.default(DEFAULT_DIGEST_SCHEDULE).describe("When the digest goes out, in the agency's time zone. Default: 08:00 every day."),
  })
  .describe('Incident and notice policy.');

export const agencyAlertPolicySchema = alertPolicySchema.partial().describe("Overrides of the daemon's alert policy for this agency.");

/**
 * SMTP settings in a config file. Either `host` (with port, TLS and user) or `urlEnv`; the
 * password always comes from the variable `passwordEnv` names.
 */
export const smtpSchema = z
  .strictObject({
    host: z.string().min(1).optional().describe('Mail server host name. When unset, the URL in `urlEnv` (or DEFACEWATCH_SMTP_URL) is used.'),
    port: z.number().int().min(1).max(65_535).optional().describe('Default 465 with tls "implicit", else 587.'),
    tls: z
      .enum(['starttls', 'implicit', 'none'])
      .default('starttls')
      .describe('"implicit": TLS from the first byte (port 465); "starttls": upgrade when offered; "none": plain (loopback relays only).'),
    user: z.string().min(1).optional().describe('Login name, if the server wants one.'),
    from: z.string().min(3).optional().describe('From header, e.g. "defacewatch <alerts@cert.example>".'),
    urlEnv: envVarName.optional().describe('Variable holding the SMTP URL (instead of DEFACEWATCH_SMTP_URL).'),
    passwordEnv: envVarName.optional().describe('Variable holding the SMTP password (instead of DEFACEWATCH_SMTP_PASSWORD).'),
    fromEnv: envVarName.optional().describe('Variable holding the From address (instead of DEFACEWATCH_SMTP_FROM).'),
  })
  .describe('SMTP settings. Secrets never go in this file: name the variable that holds the password.');

export const webhookSchema = z
  .strictObject({
    name: z
      .string()
      .regex(/^[a-z0-9-]+$/, { message: 'use lowercase letters, digits and "-" (e.g. "chatops")' })
      .describe('Unique sink name.'),
    url: z.string().refine(isHttpUrl, { message: 'not an http(s) URL' }).describe('Where the JSON is POSTed.'),
    secretEnv: envVarName.describe('Variable holding the HMAC-SHA256 key the receiver verifies signatures with.'),
    kinds: z
      .array(z.enum(['defaced', 'reminder', 'restored', 'approved', 'unreachable', 'reachable', 'test', 'approval-request', 'digest']))
      .min(1)
      .optional()
      .describe('Alert kinds to send; default all.'),
    timeoutMs: z.number().int().min(1_000).max(120_000).default(10_000).describe('Per attempt.'),
  })
  .describe('A webhook sink: signed JSON POSTs for chat tools and ticketing systems.');

/** A TAXII 2.1 collection: its full URL and how to authenticate (variable names only). */
export const taxiiCollectionSchema = z
  .strictObject({
    name: z
      .string()
      .regex(/^[a-z0-9-]+$/, { message: 'use lowercase letters, digits and "-" (e.g. "asean-hub")' })
      .describe('Unique name, shown in logs and verdicts.'),
    url: z
      .string()
      .refine((value) => isHttpUrl(value) && /\/collections\/[^/]+\/$/.test(new URL(value).pathname), {
        message: 'not a TAXII collection URL (it ends in "/collections/<id>/", e.g. "https://hub.example/api1/collections/91a7b528-80eb-42ed-a74d-c6fbd5a26116/")',
      })
      .describe('The collection URL, ending in /collections/<id>/.'),
    userEnv: envVarName.optional().describe('Variable holding the user name for HTTP basic auth.'),
    passwordEnv: envVarName.optional().describe('Variable holding the password for HTTP basic auth.'),
    tokenEnv: envVarName.optional().describe('Variable holding a bearer token (instead of basic auth).'),
  })
  .describe('A TAXII 2.1 collection on a hub or a peer.');

export const taxiiPullSchema = taxiiCollectionSchema
  .extend({ schedule: cronExpression.default(DEFAULT_TAXII_PULL_SCHEDULE).describe('When to poll it.') })
  .describe('A collection to pull shared indicators from.');

export const taxiiServerSchema = z
  .strictObject({
    host: z.string().min(1).default('127.0.0.1').describe('Address to listen on; put TLS in a reverse proxy in front.'),
    port: z.number().int().min(1).max(65_535).default(DEFAULT_TAXII_PORT),
    collectionId: z.uuid().describe("The id of the collection serving this sensor's detections (a UUID you choose once)."),
    title: z.string().min(1).default('defacewatch detections'),
    users: z
      .array(z.strictObject({ userEnv: envVarName, passwordEnv: envVarName }))
      .default([])
      .describe('Basic-auth accounts peers use, by variable names.'),
    tokensEnv: envVarName.optional().describe('Variable holding comma-separated bearer tokens peers may use.'),
  })
  .describe("The read side of TAXII 2.1, serving this sensor's detections to peers.");

export const sharingSchema = z
  .strictObject({
    tlp: tlpSchema.default('amber'),
    includeScreenshot: z.boolean().default(false).describe('Attach the defaced screenshot (size-limited) as a STIX artifact.'),
    publish: z.array(taxiiCollectionSchema).default([]).describe('Collections every confirmed defacement is pushed to.'),
    pull: z.array(taxiiPullSchema).default([]).describe('Collections polled for indicators shared by other members.'),
    server: taxiiServerSchema.optional(),
  })
  .describe('The cyber-defence sharing network: STIX 2.1 over TAXII 2.1.');

export const deliverySchema = z
  .strictObject({
    retryBaseSeconds: z.number().min(0.1).max(3_600).default(30).describe('Wait after a failed delivery; doubled after each further failure.'),
    retryMaxMinutes: z
      .number()
      .min(0.01)
      .max(24 * 60)
      .default(30)
      .describe('Longest wait between two attempts.'),
    giveUpAfterHours: z
      .number()
      .min(0.01)
      .max(30 * 24)
      .default(72)
      .describe('A delivery still failing this long after the alert was written is marked failed (see `defacewatch outbox`).'),
  })
  .describe('How the outbox retries deliveries.');

export const organisationSchema = z
  .strictObject({
    name: z.string().min(1).default('defacewatch sensor').describe('The member organisation, as peers see it (STIX identity).'),
    contact: z.string().min(1).optional().describe('How peers reach you, e.g. an email address.'),
  })
  .describe('Who runs this sensor.');

export const daemonConfigSchema = z
  .strictObject({
    $schema: z.string().optional().describe('Path or URL of the JSON Schema, for editors.'),
    organisation: organisationSchema.default({ name: 'defacewatch sensor' }),
    onCall: z
      .array(z.email({ message: 'not an email address (e.g. "oncall@cert.example")' }))
      .default([])
      .describe("Addresses told about every agency's alerts, after the agency's own contacts."),
    dashboardUrl: z.string().refine(isHttpUrl, { message: 'not an http(s) URL' }).optional().describe('Base URL of the dashboard, linked from alerts.'),
    smtp: smtpSchema.optional(),
    alerts: alertPolicySchema.default({
      reminderHours: DEFAULT_REMINDER_HOURS,
      closeAfterCleanChecks: DEFAULT_CLOSE_AFTER_CLEAN_CHECKS,
      unreachableAfterMinutes: DEFAULT_UNREACHABLE_AFTER_MINUTES,
      digest: true,
      digestSchedule: DEFAULT_DIGEST_SCHEDULE,
    }),
    delivery: deliverySchema.default({ retryBaseSeconds: 30, retryMaxMinutes: 30, giveUpAfterHours: 72 }),
    webhooks: z.array(webhookSchema).default([]),
    alertsFile: z
      .boolean()
      .default(false)
      .describe('Also append every alert as one JSON line to <data>/alerts.jsonl (the webhook event format), for log shippers and SIEMs.'),
    sharing: sharingSchema.default({ tlp: 'amber', includeScreenshot: false, publish: [], pull: [] }),
  })
  .describe('Settings of this defacewatch sensor (not of an agency).');

export type DaemonConfig = z.output<typeof daemonConfigSchema>;
export type AlertPolicy = z.output<typeof alertPolicySchema>;
export type AgencyAlertPolicy = z.output<typeof agencyAlertPolicySchema>;
export type SmtpConfig = z.output<typeof smtpSchema>;
export type WebhookConfig = z.output<typeof webhookSchema>;
export type TaxiiCollectionConfig = z.output<typeof taxiiCollectionSchema>;
export type TaxiiPullConfig = z.output<typeof taxiiPullSchema>;
export type TaxiiServerConfig = z.output<typeof taxiiServerSchema>;
export type DeliveryConfig = z.output<typeof deliverySchema>;
export type SharingConfig = z.output<typeof sharingSchema>;
