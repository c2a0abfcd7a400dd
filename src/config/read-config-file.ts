import { readFile, stat } from 'node:fs/promises';

/**
 * Reads a YAML config file people edit by hand, as UTF-8 text. Whatever keeps it from being read
 * (missing, a folder, no permission, saved as UTF-16, Shift_JIS or Latin-1) comes back as one line
 * `file: what is wrong (what to do)`, never as a raw Node error: an editor that saves in the wrong
 * encoding would otherwise give an agency a garbled name or a baffling stack.
 */

export type ConfigText = { text: string } | { problem: string; missing: boolean };

/** What to tell the person when the path names a folder (the fix depends on how the path was given). */
export interface ReadFixes {
  folder: string;
}

const UTF8_BOM = [0xef, 0xbb, 0xbf];

export async function readConfigText(file: string, shown: string, fixes: ReadFixes): Promise<ConfigText> {
  let bytes: Buffer;
  try {
    // stat first: a folder, FIFO or device named *.yaml must not be read (a FIFO would block forever).
    const info = await stat(file);
    if (info.isDirectory()) return { problem: `${shown}: is a folder, not a YAML file (${fixes.folder})`, missing: false };
    if (!info.isFile()) return { problem: `${shown}: is not a regular file (replace it with a YAML file, or remove it)`, missing: false };
    bytes = await readFile(file);
  } catch (err) {
    return { problem: unreadable(shown, err as NodeJS.ErrnoException), missing: (err as NodeJS.ErrnoException).code === 'ENOENT' };
  }
  const decoded = decodeUtf8Text(bytes);
  return 'text' in decoded ? decoded : { problem: `${shown}: ${decoded.problem}`, missing: false };
}

function unreadable(shown: string, err: NodeJS.ErrnoException): string {
  switch (err.code) {
    case 'ENOENT':
      return `${shown}: no such file (check the name, or whether a link points to a file that is gone)`;
    case 'EACCES':
    case 'EPERM':
      return `${shown}: permission denied (let the user running defacewatch read it)`;
    case 'ENOTDIR':
      return `${shown}: a folder in this path is a file (check the path)`;
    default:
      return `${shown}: cannot be read: ${err.message} (check the file and its folder)`;
  }
}

/**
 * The text of a file that must be UTF-8: a UTF-8 byte-order mark is dropped; a UTF-16 or UTF-32 one,
 * NUL bytes (UTF-16 without a mark, or a binary file) and any byte sequence that is not UTF-8 are
 * refused, naming the line of the first bad byte.
 */
export function decodeUtf8Text(bytes: Uint8Array): { text: string } | { problem: string } {
  const saveAs = 'save the file as UTF-8';
  if (startsWith(bytes, [0xff, 0xfe, 0, 0]) || startsWith(bytes, [0, 0, 0xfe, 0xff])) return { problem: `it is saved as UTF-32 (${saveAs})` };
  if (startsWith(bytes, [0xff, 0xfe]) || startsWith(bytes, [0xfe, 0xff])) return { problem: `it is saved as UTF-16 (${saveAs})` };
  const body = startsWith(bytes, UTF8_BOM) ? bytes.subarray(UTF8_BOM.length) : bytes;
  const nul = body.indexOf(0);
  if (nul >= 0) return { problem: `line ${lineAt(body, nul)}: holds NUL bytes, so it is UTF-16 or not text at all (${saveAs})` };
  try {
    return { text: new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(body) };
  } catch {
    // The decoder says only that the bytes are not UTF-8; find where, for the message.
    const bad = firstInvalidByte(body);
    const byte = (body[bad] ?? 0).toString(16).padStart(2, '0');
    return { problem: `line ${lineAt(body, bad)}: byte 0x${byte} is not UTF-8 (${saveAs}; it may be in Shift_JIS, GBK or Latin-1)` };
  }
}

function startsWith(bytes: Uint8Array, prefix: readonly number[]): boolean {
  return prefix.every((byte, i) => bytes[i] === byte);
}

function lineAt(bytes: Uint8Array, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset; i++) if (bytes[i] === 0x0a) line += 1;
  return line;
}

/**
 * Offset of the first byte of the first character that is not UTF-8. The longest prefix a streaming
 * decoder accepts is found first (a prefix cut inside a character is accepted, so validity only
 * shrinks as the prefix grows); a character it ends inside of is the bad one (Latin-1 "é" then a
 * newline is refused at the newline, but the é is what to point at).
 */
function firstInvalidByte(bytes: Uint8Array): number {
  let good = 0;
  let bad = bytes.length;
  while (bad - good > 1) {
    const middle = Math.floor((good + bad) / 2);
    if (decodesAsPrefix(bytes.subarray(0, middle))) good = middle;
    else bad = middle;
  }
  let lead = good - 1;
  while (lead >= 0 && good - lead <= 3 && ((bytes[lead] ?? 0) & 0xc0) === 0x80) lead -= 1;
  const first = bytes[lead] ?? 0;
  const length = first >= 0xf0 ? 4 : first >= 0xe0 ? 3 : first >= 0xc0 ? 2 : 1;
  return lead >= 0 && lead + length > good ? lead : good;
}

function decodesAsPrefix(bytes: Uint8Array): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes, { stream: true });
    return true;
  } catch {
    // Not UTF-8 up to here: the answer this probe is for.
    return false;
  }
}
