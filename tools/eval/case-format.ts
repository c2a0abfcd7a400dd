import { z } from 'zod';

/**
 * The on-disk format of the evaluation corpus (`test/corpus/`):
 *
 *   test/corpus/
 *     _thirdparty/…              files every origin serves at /_thirdparty/… (a site's usual CDN)
 *     <site>/site.json           {"name", "sector", "languages"}
 *     <site>/base/index.html     the approved page (plus its CSS, JS and images)
 *     <site>/<case>/case.json    what the case is and what a check must say about it
 *     <site>/<case>/README.md    why the case exists and what a person would see
 *     <site>/<case>/…            files that replace or add to the base at the same path,
 *                                and snippets named by `edits` ("@banner.html")
 *
 * A case is the base site with its overrides laid on top, then its `edits` applied in order. Text
 * files may say `{{CDN}}` (an origin the base already uses) or `{{EXT}}` (an origin the base has never
 * used, the attacker's); the server puts the real origins in when it serves them.
 */

/** What a check of a case must report. */
export const EXPECTATIONS = ['defaced', 'changed', 'not-defaced', 'at-least-changed'] as const;
export type Expectation = (typeof EXPECTATIONS)[number];

/**
 * Which half of the corpus a case belongs to. `tuning` cases may guide thresholds and detector design;
 * `held-out` cases never do: they are written before any tuning against them and reported apart, so
 * their rates say how detection does on pages nobody fitted it to.
 */
export const SPLITS = ['tuning', 'held-out'] as const;
export type Split = (typeof SPLITS)[number];

const KEBAB = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** One text edit of a base file. Exactly one of `before`, `after`, `replace`. */
export const editSchema = z
  .strictObject({
    file: z.string().min(1).default('index.html').describe('Path of the text file to edit, relative to the site root.'),
    find: z.string().min(1).describe('Exact text that occurs exactly once in that file.'),
    before: z.string().optional().describe('Insert this before `find` ("@name" reads a snippet file of the case).'),
    after: z.string().optional().describe('Insert this after `find` ("@name" reads a snippet file of the case).'),
    replace: z.string().optional().describe('Put this in place of `find` ("@name" reads a snippet file of the case).'),
  })
  .refine((e) => [e.before, e.after, e.replace].filter((v) => v !== undefined).length === 1, {
    message: 'give exactly one of "before", "after" or "replace"',
  });
export type Edit = z.infer<typeof editSchema>;

/** How the server answers the case's own page, besides serving files. */
export const serveSchema = z.strictObject({
  redirect: z.string().min(1).optional().describe("Answer the case's page with an HTTP redirect to this path, relative to the case root."),
  status: z.number().int().min(300).max(399).default(302).describe('Redirect status.'),
});

export const caseSchema = z
  .strictObject({
    expect: z.enum(EXPECTATIONS).describe('What a check must say: see Expectation.'),
    class: z.string().regex(KEBAB, { message: 'use kebab-case, e.g. "injected-banner"' }).describe('Kind of case, for the per-class table.'),
    edits: z.array(editSchema).default([]).describe('Text edits of the base files, applied in order.'),
    serve: serveSchema.optional(),
    split: z.enum(SPLITS).optional().describe("The case's split when it differs from its site's (site.json `split`)."),
    dynamics: z
      .boolean()
      .default(false)
      .describe(
        'The only change is dynamics the baseline samples showed (another clock minute, slide, rotating ad, a re-encoded picture). Only for benign cases; the quiet rate counts those that come back `unchanged`.',
      ),
    knownMiss: z
      .string()
      .min(10)
      .optional()
      .describe(
        'Why defacewatch still gets this case wrong. The eval still counts it as a miss; the corpus test expects it to fail, and turns red once it passes, so the note is removed with the fix.',
      ),
  })
  .refine((c) => !c.dynamics || groupOf(c.expect) === 'benign', {
    message: '"dynamics": true is for benign cases only (expect "not-defaced" or "changed")',
    path: ['dynamics'],
  });
export type CaseSpec = z.infer<typeof caseSchema>;

export const siteSchema = z.strictObject({
  name: z.string().min(1).describe('The institution, for people reading reports.'),
  sector: z.enum(['government', 'bank', 'hospital', 'other']).default('other'),
  languages: z.array(z.string().min(2)).min(1).describe('BCP 47 languages of the page.'),
  split: z.enum(SPLITS).default('tuning').describe('Split of every case of the site, unless a case.json says otherwise.'),
});
export type SiteSpec = z.infer<typeof siteSchema>;

/** Folder names that are not cases. */
export const BASE_DIR = 'base';
export const CASE_FILE = 'case.json';
export const README_FILE = 'README.md';
export const SITE_FILE = 'site.json';
/** Folders of the corpus root starting with this are not sites (`_thirdparty`). */
export const RESERVED_PREFIX = '_';
export const THIRDPARTY_DIR = '_thirdparty';

/** Whether a verdict meets an expectation. `unreachable` never does. */
export function meetsExpectation(expect: Expectation, verdict: string | undefined): boolean {
  switch (expect) {
    case 'defaced':
      return verdict === 'defaced';
    case 'changed':
      return verdict === 'changed';
    case 'not-defaced':
      return verdict === 'changed' || verdict === 'unchanged';
    case 'at-least-changed':
      return verdict === 'changed' || verdict === 'defaced';
  }
}

/** Visible defacements must be `defaced`; stealth ones at least `changed`; everything else is benign. */
export type CaseGroup = 'visible' | 'stealth' | 'benign';

export function groupOf(expect: Expectation): CaseGroup {
  if (expect === 'defaced') return 'visible';
  if (expect === 'at-least-changed') return 'stealth';
  return 'benign';
}

export function isKebab(name: string): boolean {
  return KEBAB.test(name);
}
