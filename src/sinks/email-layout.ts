/**
 * Lays an alert email out twice from one model: as HTML for mail clients and as plain text, so the
 * two parts always carry the same facts.
 *
 * The HTML follows what Outlook (Word's renderer), Gmail and Apple Mail all display the same:
 * nested tables of fixed width for layout, inline `style` attributes only (Gmail drops `<style>`
 * in some views), no web fonts, no remote images, no scripts. Every string of the model is plain
 * text and is escaped here; the model holds no markup at all.
 *
 * The before and after pictures sit side by side without a media query (which Gmail may drop): two
 * inline blocks of at most half the width, which wrap one above the other where the screen is
 * narrower than the two; Outlook, which ignores their widths, gets a two-cell table in conditional
 * comments. The row runs right to left so that the page as it is now comes first when they stack
 * and on the right, after the baseline, when they do not.
 */

/** A picture attached to the message and shown inline by `cid:`. */
export interface ModelPicture {
  cid: string;
  filename: string;
  caption: string;
  width: number;
  height: number;
}

/** Something the reader can do: a command to run, or a link (only our own dashboard) to open. */
export interface ModelAction {
  label: string;
  command?: string;
  href?: string;
}

export interface ModelSignal {
  strength: 'strong' | 'moderate' | 'weak';
  score: string;
  summary: string;
  /** e.g. "known defacement mark; detector defacer-phrases". */
  source: string;
}

export interface ModelDigestRow {
  site: string;
  url: string;
  checks: string;
  lastReason: string;
  maxScore: string;
  /** First and last change seen, local times. */
  seen: string;
  /** The command that makes the change the site's baseline. */
  approve?: string;
}

/** Everything an alert email says, as plain text values, in reading order. */
export interface EmailModel {
  subject: string;
  /** Shown by mail clients next to the subject in the message list. */
  preheader: string;
  /** Banner colour, a #rrggbb literal chosen by the composer. */
  colour: string;
  tag: string;
  /** Small line above the banner: agency and sender. */
  eyebrow: string;
  headline: string;
  subline: string;
  /** A warning strip above the banner (test alerts). */
  banner?: string;
  reason?: { label: string; text: string };
  facts: Array<[string, string]>;
  actions: ModelAction[];
  guidance: string[];
  /**
   * The page now and before, side by side (now on the right) or now above before on a narrow
   * screen: `now` first, `before` second; either may be missing.
   */
  comparison: ModelPicture[];
  /** Pictures at full width below the comparison (the changes). */
  pictures: ModelPicture[];
  /** Heading of the pictures section. */
  picturesTitle: string;
  /** Which part of the page the pictures show, e.g. "Around the change, at the top of the page". */
  picturesDetail: string;
  signals: ModelSignal[];
  incident: Array<[string, string]>;
  digest?: ModelDigestRow[];
  /** Files attached for downloading (the full-page screenshots) and what each is. */
  files: Array<{ name: string; about: string }>;
  /** Problems worth knowing, e.g. a picture that could not be read. */
  notes: string[];
  footer: string;
}

/** Escapes the five characters that matter in HTML text and double- or single-quoted attributes. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (ch) => HTML_ESCAPES[ch] ?? ch);
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

const e = escapeHtml;

// ---- plain text ------------------------------------------------------------------------------

/** The text/plain part: the same facts as the HTML, in the same order. */
export function renderText(m: EmailModel): string {
  const out: string[] = [];
  if (m.banner) out.push(`*** ${m.banner} ***`, '');
  out.push(`[${m.tag}] ${m.headline}`, m.eyebrow, m.subline, '');
  if (m.reason) out.push(`${m.reason.label}: ${m.reason.text}`, '');
  if (m.facts.length > 0) out.push(...table(m.facts), '');
  if (m.digest && m.digest.length > 0) {
    out.push('SITES (highest score first)');
    for (const row of m.digest) {
      out.push(`  - ${row.site}  ${row.url}`, `      ${row.checks} changed checks, ${row.seen}, max score ${row.maxScore}`);
      out.push(...wrap(`last: ${row.lastReason}`, 88, '      '));
      if (row.approve) out.push(`      ${row.approve}`);
    }
    out.push('');
  }
  if (m.actions.length > 0 || m.guidance.length > 0) {
    out.push('WHAT TO DO');
    for (const g of m.guidance) out.push(...wrap(g, 92, '  '));
    if (m.guidance.length > 0 && m.actions.length > 0) out.push('');
    for (const a of m.actions) {
      out.push(`  ${a.label}:`);
      if (a.command) out.push(`      ${a.command}`);
      if (a.href) out.push(`      ${a.href}`);
    }
    out.push('');
  }
  if (m.signals.length > 0) {
    out.push('WHAT WAS SEEN (strongest first)');
    for (const s of m.signals) {
      out.push(s.score === '' ? `  - ${s.summary}` : `  - [${s.strength} ${s.score}] ${s.summary}${s.source ? ` (${s.source})` : ''}`);
    }
    out.push('');
  }
  if (m.incident.length > 0) out.push('INCIDENT', ...table(m.incident, '  '), '');
  const pictures = [...m.comparison, ...m.pictures];
  if (pictures.length > 0 || m.files.length > 0) {
    out.push('PICTURES (attached)');
    if (pictures.length > 0) out.push(...wrap(m.picturesDetail, 92, '  '));
    for (const p of pictures) out.push(`  - ${p.filename}: ${p.caption}`);
    for (const f of m.files) out.push(`  - ${f.name}: ${f.about}`);
    out.push('');
  }
  if (m.notes.length > 0) out.push('NOTE', ...m.notes.map((n) => `  - ${n}`), '');
  out.push('--', m.footer, '');
  return out.join('\n');
}

function table(rows: ReadonlyArray<[string, string]>, indent = ''): string[] {
  const width = Math.max(...rows.map(([label]) => label.length)) + 2;
  return rows.map(([label, value]) => `${indent}${`${label}:`.padEnd(width)}${value}`);
}

function wrap(text: string, width: number, indent: string): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line !== '' && line.length + 1 + word.length > width) {
      lines.push(indent + line);
      line = word;
    } else {
      line = line === '' ? word : `${line} ${word}`;
    }
  }
  if (line !== '') lines.push(indent + line);
  return lines;
}

// ---- HTML ----------------------------------------------------------------------------------

/** Wider than the usual 600–640: two pictures side by side need the room. */
const WIDTH = 720;
const PAD = 24;
const INNER = WIDTH - 2 * PAD;
/** Space between the two pictures side by side. */
const GAP = 12;
/** Each side-by-side column (2 px short of half, for the card's border); a screen too narrow for two stacks them. */
const COLUMN = (INNER + GAP) / 2 - 2;
const FONT = "font-family:-apple-system,'Segoe UI',Roboto,Helvetica,Arial,sans-serif;";
const MONO = "font-family:Consolas,'SFMono-Regular',Menlo,'DejaVu Sans Mono',monospace;";
const TEXT = `${FONT}font-size:14px;line-height:21px;color:#1f2328;`;
const MUTED = `${FONT}font-size:12px;line-height:18px;color:#59636e;`;
const TABLE = 'role="presentation" cellpadding="0" cellspacing="0" border="0"';

const STRENGTH_COLOUR: Record<ModelSignal['strength'], string> = { strong: '#b3261e', moderate: '#9a6700', weak: '#59636e' };

/** The text/html part. */
export function renderHtml(m: EmailModel): string {
  const body = [
    m.banner
      ? row(
          `<div style="${FONT}font-size:13px;font-weight:bold;letter-spacing:0.5px;color:#1f2328;background:#fff3bf;border:1px solid #e3c55c;padding:8px 12px;text-align:center">${e(m.banner)}</div>`,
          `${PAD}px ${PAD}px 0`,
        )
      : '',
    row(`<div style="${MUTED}text-transform:uppercase;letter-spacing:0.6px">${e(m.eyebrow)}</div>`, `16px ${PAD}px 8px`),
    headerBlock(m),
    m.reason ? reasonBlock(m.reason, m.colour) : '',
    m.facts.length > 0 ? row(factsTable(m.facts), `16px ${PAD}px 0`) : '',
    m.digest && m.digest.length > 0 ? section('Sites, highest score first', digestTable(m.digest)) : '',
    m.actions.length > 0 || m.guidance.length > 0 ? row(actionsBlock(m), `20px ${PAD}px 0`) : '',
    m.comparison.length + m.pictures.length > 0 ? picturesSection(m) : '',
    m.signals.length > 0 ? section('What was seen, strongest first', signalsTable(m.signals)) : '',
    m.incident.length > 0 ? section('Incident', factsTable(m.incident)) : '',
    m.files.length > 0 ? section('Attached files', filesList(m.files)) : '',
    m.notes.length > 0 ? section('Note', m.notes.map((n) => `<div style="${TEXT}">${e(n)}</div>`).join('')) : '',
    row(`<div style="${MUTED}border-top:1px solid #d8dee4;padding-top:12px">${e(m.footer)}</div>`, `24px ${PAD}px 20px`),
  ].join('\n');

  return [
    '<!DOCTYPE html>',
    '<html lang="en"><head><meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="color-scheme" content="light">',
    `<title>${e(m.subject)}</title></head>`,
    `<body style="margin:0;padding:0;background:#eef1f4">`,
    // Mail clients show the start of the body next to the subject: make it the reason.
    `<div style="display:none;max-height:0;overflow:hidden;opacity:0;color:#eef1f4">${e(m.preheader)}</div>`,
    `<table ${TABLE} width="100%" style="background:#eef1f4"><tr><td align="center" style="padding:20px 8px">`,
    `<table ${TABLE} width="${WIDTH}" style="width:100%;max-width:${WIDTH}px;background:#ffffff;border:1px solid #d8dee4;border-radius:6px">`,
    body,
    '</table></td></tr></table>',
    '</body></html>',
    '',
  ].join('\n');
}

function row(content: string, padding: string): string {
  return `<tr><td style="padding:${padding}">${content}</td></tr>`;
}

function section(title: string, content: string): string {
  return row(
    `<div style="${FONT}font-size:15px;line-height:20px;font-weight:bold;color:#1f2328;border-bottom:1px solid #d8dee4;padding-bottom:6px;margin-bottom:8px">${e(title)}</div>${content}`,
    `24px ${PAD}px 0`,
  );
}

function headerBlock(m: EmailModel): string {
  return row(
    `<table ${TABLE} width="100%" style="background:${m.colour};border-radius:4px"><tr><td style="padding:16px 20px">` +
      `<div style="${FONT}font-size:12px;line-height:16px;font-weight:bold;letter-spacing:1px;color:#ffffff;opacity:0.9">${e(m.tag)}</div>` +
      `<div style="${FONT}font-size:24px;line-height:30px;font-weight:bold;color:#ffffff;padding-top:4px;overflow-wrap:anywhere;word-break:break-word">${e(m.headline)}</div>` +
      `<div style="${FONT}font-size:14px;line-height:20px;color:#ffffff;padding-top:6px">${e(m.subline)}</div>` +
      '</td></tr></table>',
    `0 ${PAD}px`,
  );
}

function reasonBlock(reason: { label: string; text: string }, colour: string): string {
  return row(
    `<div style="${TEXT}background:#f6f8fa;border-left:4px solid ${colour};padding:10px 14px;overflow-wrap:anywhere;word-break:break-word">` +
      `<strong>${e(reason.label)}:</strong> ${e(reason.text)}</div>`,
    `16px ${PAD}px 0`,
  );
}

function factsTable(rows: ReadonlyArray<[string, string]>): string {
  const cells = rows
    .map(
      ([label, value]) =>
        `<tr><td style="${TEXT}color:#59636e;padding:3px 14px 3px 0;white-space:nowrap;vertical-align:top;width:1%">${e(label)}</td>` +
        `<td style="${TEXT}padding:3px 0;vertical-align:top;overflow-wrap:anywhere;word-break:break-word">${e(value)}</td></tr>`,
    )
    .join('');
  return `<table ${TABLE} width="100%">${cells}</table>`;
}

function actionsBlock(m: EmailModel): string {
  const items = m.actions
    .map((a) => {
      const label = `<div style="${TEXT}padding-top:10px">${e(a.label)}</div>`;
      if (a.command) {
        return `${label}<div style="${MONO}font-size:13px;line-height:19px;color:#1f2328;background:#ffffff;border:1px solid #d0d7de;border-radius:4px;padding:7px 10px;margin-top:4px;overflow-wrap:anywhere;word-break:break-all">${e(a.command)}</div>`;
      }
      if (a.href) {
        return (
          `<table ${TABLE} style="margin-top:10px"><tr><td style="background:${m.colour};border-radius:4px">` +
          `<a href="${e(a.href)}" style="${FONT}display:inline-block;font-size:14px;font-weight:bold;color:#ffffff;text-decoration:none;padding:9px 16px">${e(a.label)}</a>` +
          '</td></tr></table>'
        );
      }
      return label;
    })
    .join('');
  const guidance = m.guidance.map((g) => `<div style="${TEXT}padding-top:6px">${e(g)}</div>`).join('');
  return (
    `<table ${TABLE} width="100%" style="background:#f6f8fa;border:1px solid #d8dee4;border-radius:4px"><tr><td style="padding:12px 16px 14px">` +
    `<div style="${FONT}font-size:15px;line-height:20px;font-weight:bold;color:#1f2328">What to do</div>${guidance}${items}</td></tr></table>`
  );
}

function picturesSection(m: EmailModel): string {
  const detail = `<div style="${MUTED}padding-bottom:4px">${e(m.picturesDetail)}</div>`;
  return (
    section(m.picturesTitle, detail) +
    (m.comparison.length > 0 ? row(comparisonRow(m.comparison), `0 ${PAD - GAP / 2}px`) : '') +
    (m.pictures.length > 0 ? row(m.pictures.map((p) => pictureBlock(p, INNER)).join(''), `0 ${PAD}px`) : '')
  );
}

/** Two pictures side by side, or one above the other where two do not fit (see the header). */
function comparisonRow(pictures: readonly ModelPicture[]): string {
  const inner = COLUMN - GAP;
  const columns = pictures.map(
    (p) =>
      `<div dir="ltr" style="display:inline-block;vertical-align:top;width:100%;max-width:${COLUMN}px;text-align:left">` +
      `<div style="padding:0 ${GAP / 2}px">${pictureBlock(p, inner)}</div></div>`,
  );
  const mso = (html: string): string => `<!--[if mso]>${html}<![endif]-->`;
  const cell = `<td width="${COLUMN}" valign="top" dir="ltr">`;
  return (
    `<div dir="rtl" style="font-size:0;line-height:0;text-align:center">` +
    mso(`<table ${TABLE} width="${COLUMN * pictures.length}" dir="rtl"><tr>${cell}`) +
    columns.join(mso(`</td>${cell}`)) +
    mso('</td></tr></table>') +
    '</div>'
  );
}

function pictureBlock(p: ModelPicture, room: number): string {
  const width = Math.min(p.width, room);
  const height = Math.round((p.height * width) / Math.max(1, p.width));
  return (
    `<div style="${TEXT}font-weight:bold;padding:8px 0 6px">${e(p.caption)}</div>` +
    `<img src="cid:${e(p.cid)}" width="${width}" height="${height}" alt="${e(p.caption)}" ` +
    `style="display:block;width:100%;max-width:${width}px;height:auto;border:1px solid #d0d7de;margin-bottom:10px">`
  );
}

function signalsTable(signals: readonly ModelSignal[]): string {
  const rows = signals
    .map((s) => {
      const badge =
        s.score === ''
          ? ''
          : `<span style="${FONT}display:inline-block;font-size:11px;line-height:16px;font-weight:bold;color:#ffffff;background:${STRENGTH_COLOUR[s.strength]};border-radius:3px;padding:1px 6px;white-space:nowrap">${e(s.strength)} ${e(s.score)}</span>`;
      return (
        `<tr><td style="padding:6px 12px 6px 0;vertical-align:top;width:1%;white-space:nowrap;border-bottom:1px solid #eef1f4">${badge}</td>` +
        `<td style="padding:6px 0;vertical-align:top;border-bottom:1px solid #eef1f4"><div style="${TEXT}overflow-wrap:anywhere;word-break:break-word">${e(s.summary)}</div>` +
        (s.source ? `<div style="${MUTED}">${e(s.source)}</div>` : '') +
        '</td></tr>'
      );
    })
    .join('');
  return `<table ${TABLE} width="100%">${rows}</table>`;
}

function digestTable(rows: readonly ModelDigestRow[]): string {
  const th = (label: string, align = 'left'): string =>
    `<th align="${align}" style="${MUTED}font-weight:bold;text-align:${align};white-space:nowrap;padding:4px 8px 4px 0;border-bottom:1px solid #d8dee4">${e(label)}</th>`;
  const head = `<tr>${th('Site')}${th('Checks', 'right')}${th('Last change')}${th('Max score', 'right')}</tr>`;
  const body = rows
    .map(
      (r) =>
        `<tr><td width="34%" style="${TEXT}padding:6px 8px 6px 0;vertical-align:top;border-bottom:1px solid #eef1f4;overflow-wrap:anywhere;word-break:break-word"><strong>${e(r.site)}</strong>` +
        `<div style="${MUTED}">${e(r.url)}</div></td>` +
        `<td align="right" style="${TEXT}padding:6px 8px 6px 0;vertical-align:top;border-bottom:1px solid #eef1f4">${e(r.checks)}</td>` +
        `<td style="${TEXT}padding:6px 8px 6px 0;vertical-align:top;border-bottom:1px solid #eef1f4;overflow-wrap:anywhere;word-break:break-word">${e(r.lastReason)}` +
        `<div style="${MUTED}">${e(r.seen)}</div>` +
        (r.approve ? `<div style="${MONO}font-size:12px;line-height:17px;color:#1f2328;padding-top:4px;word-break:break-all">${e(r.approve)}</div>` : '') +
        '</td>' +
        `<td align="right" style="${TEXT}padding:6px 0;vertical-align:top;border-bottom:1px solid #eef1f4">${e(r.maxScore)}</td></tr>`,
    )
    .join('');
  return `<table ${TABLE} width="100%">${head}${body}</table>`;
}

function filesList(files: ReadonlyArray<{ name: string; about: string }>): string {
  return files
    .map((f) => `<div style="${TEXT}padding:2px 0"><span style="${MONO}font-size:13px">${e(f.name)}</span> <span style="color:#59636e">— ${e(f.about)}</span></div>`)
    .join('');
}
