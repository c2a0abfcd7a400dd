import cron from 'node-cron';
import { z } from 'zod';

/** Field types shared by the agency files and the daemon config. */

export function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

export function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
  } catch {
    return false;
  }
}

export const cronExpression = z
  .string()
  .superRefine((value, ctx) => {
    const fields = value.trim().split(/\s+/).length;
    if (fields !== 5 && fields !== 6) {
      ctx.addIssue({
        code: 'custom',
        message: `"${value}" has ${fields} fields (use 5 fields, or 6 with seconds first, e.g. "*/5 * * * *")`,
      });
      return;
    }
    const result = cron.validateDetailed(value);
    if (!result.valid) {
      const detail = result.errors.map((e) => `${e.field}: ${e.message}`).join('; ');
      ctx.addIssue({ code: 'custom', message: `"${value}" is not a valid cron expression (${detail})` });
    }
  })
  .describe('When to check: cron with 5 fields, or 6 with seconds first. Default: every 5 minutes.');

export const envVarName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, { message: 'not an environment variable name (e.g. "MOH_SMTP_URL")' });
