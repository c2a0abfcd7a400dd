import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { z } from 'zod';
import {
  BASE_DIR,
  CASE_FILE,
  caseSchema,
  isKebab,
  README_FILE,
  RESERVED_PREFIX,
  SITE_FILE,
  siteSchema,
  THIRDPARTY_DIR,
  type CaseSpec,
  type Edit,
  type SiteSpec,
  type Split,
} from './case-format.js';

/** Files keyed by their path relative to a site root, with forward slashes ("img/logo.png"). */
export type FileMap = ReadonlyMap<string, Buffer>;

/** One case, ready to serve: the base with the overrides and edits applied. */
export interface CorpusCase {
  site: string;
  /** Folder name of the case. */
  name: string;
  /** `<site>--<case>`: how reports and evidence name it. */
  id: string;
  spec: CaseSpec;
  /** Sector of the site, passed to the CLI like a real targets file would. */
  sector: SiteSpec['sector'];
  /** The case's split: its own `split`, else its site's. */
  split: Split;
  /** First paragraph of the README after its heading: what a person would see. */
  summary: string;
  files: FileMap;
  /** Folder of the case on disk. */
  dir: string;
}

export interface CorpusSite {
  name: string;
  spec: SiteSpec;
  base: FileMap;
  cases: CorpusCase[];
}

export interface Corpus {
  dir: string;
  sites: CorpusSite[];
  /** Files served at /_thirdparty/… on every origin. */
  thirdParty: FileMap;
}

/** A problem with the corpus on disk, naming the file and what to do. */
export class CorpusError extends Error {
  override name = 'CorpusError';
}

/** Only these sites (site names) and, within them, only these cases (case names); empty means all. */
export interface CorpusFilter {
  sites?: readonly string[];
  cases?: readonly string[];
  classes?: readonly string[];
  /** Only cases of this split. */
  split?: Split;
}

/** Reads the whole corpus into memory and checks every site and case against the format. */
export async function loadCorpus(dir: string, filter: CorpusFilter = {}): Promise<Corpus> {
  const root = path.resolve(dir);
  const entries = await readdir(root, { withFileTypes: true }).catch((err: unknown) => {
    throw new CorpusError(`${root}: cannot read the corpus folder (${String(err)})`);
  });
  const sites: CorpusSite[] = [];
  for (const entry of entries.filter((e) => e.isDirectory()).sort((a, b) => a.name.localeCompare(b.name))) {
    if (entry.name.startsWith(RESERVED_PREFIX)) continue;
    if (filter.sites?.length && !filter.sites.includes(entry.name)) continue;
    sites.push(await loadSite(path.join(root, entry.name), filter));
  }
  if (filter.sites?.length) {
    const missing = filter.sites.filter((s) => !sites.some((site) => site.name === s));
    if (missing.length > 0) throw new CorpusError(`${root}: no site folder named ${missing.map((m) => `"${m}"`).join(', ')}`);
  }
  const thirdPartyDir = path.join(root, THIRDPARTY_DIR);
  const thirdParty = (await exists(thirdPartyDir)) ? await readTree(thirdPartyDir) : new Map<string, Buffer>();
  return { dir: root, sites, thirdParty };
}

async function loadSite(dir: string, filter: CorpusFilter): Promise<CorpusSite> {
  const name = path.basename(dir);
  if (!isKebab(name)) throw new CorpusError(`${dir}: site folder names are kebab-case (lowercase letters, digits, "-")`);
  const spec = parseJson(path.join(dir, SITE_FILE), siteSchema, await readText(path.join(dir, SITE_FILE)));
  const baseDir = path.join(dir, BASE_DIR);
  const base = await readTree(baseDir);
  if (!base.has('index.html')) throw new CorpusError(`${baseDir}: the base site needs an index.html`);
  const cases: CorpusCase[] = [];
  const entries = await readdir(dir, { withFileTypes: true });
  for (const entry of entries.filter((e) => e.isDirectory()).sort((a, b) => a.name.localeCompare(b.name))) {
    if (entry.name === BASE_DIR) continue;
    if (filter.cases?.length && !filter.cases.includes(entry.name)) continue;
    const loaded = await loadCase(name, spec, path.join(dir, entry.name), base);
    if (filter.classes?.length && !filter.classes.includes(loaded.spec.class)) continue;
    if (filter.split !== undefined && loaded.split !== filter.split) continue;
    cases.push(loaded);
  }
  return { name, spec, base, cases };
}

async function loadCase(site: string, siteSpec: SiteSpec, dir: string, base: FileMap): Promise<CorpusCase> {
  const name = path.basename(dir);
  if (!isKebab(name)) throw new CorpusError(`${dir}: case folder names are kebab-case (lowercase letters, digits, "-")`);
  const specPath = path.join(dir, CASE_FILE);
  const spec = parseJson(specPath, caseSchema, await readText(specPath));
  const readme = await readText(path.join(dir, README_FILE));
  const own = await readTree(dir);
  own.delete(CASE_FILE);
  own.delete(README_FILE);

  // Snippets named by edits are inputs, not files of the site.
  const snippets = new Set<string>();
  const resolve = (value: string, field: string): string => {
    if (!value.startsWith('@')) return value;
    const snippet = value.slice(1);
    const bytes = own.get(snippet);
    if (!bytes) throw new CorpusError(`${specPath}: ${field}: no file "${snippet}" in the case folder`);
    snippets.add(snippet);
    return bytes.toString('utf8');
  };

  const files = new Map<string, Buffer>(base);
  const edited = new Map<string, string>();
  spec.edits.forEach((edit, i) => {
    const field = `edits[${i}]`;
    const current = edited.get(edit.file) ?? (own.get(edit.file) ?? base.get(edit.file))?.toString('utf8');
    if (current === undefined) throw new CorpusError(`${specPath}: ${field}.file: "${edit.file}" is neither in the base nor in the case`);
    edited.set(edit.file, applyEdit(current, edit, resolve, `${specPath}: ${field}`));
  });
  for (const [file, bytes] of own) if (!snippets.has(file)) files.set(file, bytes);
  for (const [file, text] of edited) files.set(file, Buffer.from(text, 'utf8'));

  if (spec.serve?.redirect !== undefined) {
    const target = spec.serve.redirect.split(/[?#]/)[0] ?? '';
    if (!files.has(target)) throw new CorpusError(`${specPath}: serve.redirect: "${target}" is not a file of the case`);
  }
  if (!/^# /m.test(readme)) throw new CorpusError(`${dir}/${README_FILE}: start with a "# " heading naming the case`);

  const split = spec.split ?? siteSpec.split;
  return { site, name, id: `${site}--${name}`, spec, sector: siteSpec.sector, split, summary: readmeSummary(readme), files, dir };
}

function applyEdit(text: string, edit: Edit, resolve: (value: string, field: string) => string, where: string): string {
  const first = text.indexOf(edit.find);
  if (first < 0) throw new CorpusError(`${where}.find: text not found in ${edit.file} (copy it exactly from the base file)`);
  if (text.indexOf(edit.find, first + 1) >= 0) {
    throw new CorpusError(`${where}.find: text occurs more than once in ${edit.file} (include more context so it is unique)`);
  }
  const end = first + edit.find.length;
  if (edit.before !== undefined) return text.slice(0, first) + resolve(edit.before, 'before') + text.slice(first);
  if (edit.after !== undefined) return text.slice(0, end) + resolve(edit.after, 'after') + text.slice(end);
  return text.slice(0, first) + resolve(edit.replace ?? '', 'replace') + text.slice(end);
}

function readmeSummary(readme: string): string {
  const body = readme.replace(/^# .*$/m, '').trim();
  const paragraph = body.split(/\n\s*\n/)[0] ?? '';
  return paragraph.replace(/\s+/g, ' ').trim();
}

function parseJson<T extends z.ZodType>(file: string, schema: T, text: string): z.output<T> {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new CorpusError(`${file}: not valid JSON (${err instanceof Error ? err.message : String(err)})`);
  }
  const result = schema.safeParse(raw);
  if (!result.success) {
    const issues = result.error.issues.map((i) => `${file}: ${i.path.join('.') || '(root)'}: ${i.message}`);
    throw new CorpusError(issues.join('\n'));
  }
  return result.data;
}

async function readText(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch {
    throw new CorpusError(`${file}: missing (every site needs ${SITE_FILE}; every case needs ${CASE_FILE} and ${README_FILE})`);
  }
}

async function exists(p: string): Promise<boolean> {
  return stat(p).then(
    () => true,
    () => false,
  );
}

/** Every file under `dir`, keyed by its relative path with forward slashes. */
async function readTree(dir: string): Promise<Map<string, Buffer>> {
  const out = new Map<string, Buffer>();
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => {
    throw new CorpusError(`${dir}: missing folder`);
  });
  for (const entry of entries) {
    if (!entry.isFile()) continue;
    const full = path.join(entry.parentPath, entry.name);
    out.set(path.relative(dir, full).split(path.sep).join('/'), await readFile(full));
  }
  return out;
}

/** Every case of the corpus, site by site. */
export function allCases(corpus: Corpus): CorpusCase[] {
  return corpus.sites.flatMap((s) => s.cases);
}
