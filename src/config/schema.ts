import { z } from 'zod';
import { agencyAlertPolicySchema, smtpSchema, tlpSchema } from './daemon-schema.js';
import { cronExpression, isHttpUrl, isTimeZone } from './fields.js';
import { maintenanceWindowSchema, windowOrderProblems } from './maintenance.js';

/**
 * The format of one agency file under `targets/`. Every field carries a description (it becomes the
 * JSON Schema editors autocomplete from) and a default where one makes sense. Unknown keys are
 * errors: in a hand-written YAML file they are almost always typos.
 */

export const SITE_ID_PATTERN = /^[a-z0-9-]+$/;
export const DEFAULT_SCHEDULE = '*/5 * * * *';
export const DEFAULT_VIEWPORT = { width: 1366, height: 768 } as const;
export const DEFAULT_TIMEOUT_MS = 30_000;
export const DEFAULT_MAX_SCREENSHOT_HEIGHT = 10_000;
export const DEFAULT_BASELINE_SAMPLES = 5;

export const viewportSchema = z
  .strictObject({
    width: z.number().int().min(320).max(3840).describe('CSS pixels.'),
    height: z.number().int().min(240).max(2160).describe('CSS pixels.'),
  })
  .describe('Browser window size. Default 1366x768.');

export const siteSchema = z
  .strictObject({
    id: z
      .string()
      .regex(SITE_ID_PATTERN, { message: 'use only lowercase letters, digits and "-" (e.g. "moh-home")' })
      .describe('Unique across all agency files; lowercase letters, digits and "-".'),
    url: z.string().refine(isHttpUrl, { message: 'not an http(s) URL (write it like "https://www.example.go.jp/")' }).describe('The page to watch (http or https).'),
    sector: z.enum(['government', 'bank', 'hospital', 'other']).default('other').describe('What kind of institution the site belongs to.'),
    schedule: cronExpression.default(DEFAULT_SCHEDULE),
    ignore: z.array(z.string().min(1)).default([]).describe('CSS selectors whose area is masked from the visual comparison (clocks, tickers, ads).'),
    viewport: viewportSchema.optional(),
    timeoutMs: z.number().int().min(1_000).max(300_000).default(DEFAULT_TIMEOUT_MS).describe('Total time budget for loading and capturing the page, in milliseconds.'),
    maxScreenshotHeight: z
      .number()
      .int()
      .min(768)
      .max(50_000)
      .default(DEFAULT_MAX_SCREENSHOT_HEIGHT)
      .describe('Full-page screenshots are cut at this height, in pixels.'),
    baselineSamples: z
      .number()
      .int()
      .min(1)
      .max(10)
      .default(DEFAULT_BASELINE_SAMPLES)
      .describe(
        'Captures taken for a baseline, at different clock times and random seeds, each running the page clock further; what differs between them (clocks, carousels) is learnt as volatile, with the looks each area showed.',
      ),
    maintenance: z.array(maintenanceWindowSchema).optional().describe("This site's maintenance windows (the agency's apply too)."),
  })
  .describe('One page to watch.');

export const agencySchema = z
  .strictObject({
    $schema: z.string().optional().describe('Path or URL of the JSON Schema, for editors.'),
    agency: z.string().min(1).describe('Name of the agency, as it appears in alerts.'),
    contacts: z
      .array(z.email({ message: 'not an email address (e.g. "soc@moh.example.go.jp")' }))
      .min(1, { message: 'list at least one email address to alert' })
      .describe('Who is emailed when a site of this agency is defaced.'),
    timezone: z
      .string()
      .refine(isTimeZone, { message: 'not an IANA time zone (e.g. "Asia/Tokyo")' })
      .default('UTC')
      .describe('IANA time zone for schedules and the times shown in alerts.'),
    allowPrivateNetworks: z.boolean().default(false).describe('Allow sites that resolve to loopback or private addresses (intranet sites, demos).'),
    smtp: smtpSchema.optional(),
    alerts: agencyAlertPolicySchema.optional(),
    tlp: tlpSchema.optional().describe("TLP marking of this agency's detections when shared; default: the daemon's (amber)."),
    maintenance: z.array(maintenanceWindowSchema).optional().describe('Maintenance windows of every site of this agency.'),
    sites: z.array(siteSchema).min(1, { message: 'list at least one site' }).describe('The pages to watch.'),
  })
  .superRefine((agency, ctx) => {
    // One-off windows are read in the agency's time zone, known only here.
    const lists = [
      { path: ['maintenance'], windows: agency.maintenance ?? [] },
      ...agency.sites.map((site, i) => ({ path: ['sites', i, 'maintenance'], windows: site.maintenance ?? [] })),
    ];
    for (const { path, windows } of lists) {
      for (const problem of windowOrderProblems(windows, agency.timezone))
        ctx.addIssue({ code: 'custom', path: [...path, problem.index, problem.key], message: problem.message });
    }
  })
  .describe('One agency and the sites it registers with defacewatch.');

export type SiteConfig = z.output<typeof siteSchema>;
export type AgencyConfig = z.output<typeof agencySchema>;
