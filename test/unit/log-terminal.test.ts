import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { terminalProgress } from '../../src/check/run-many.js';
import { createLogger, defaultLogFormat } from '../../src/log.js';

/** A stream that records what was written, claiming to be a terminal or not. */
function stream(isTTY: boolean): Writable & { isTTY: boolean; text(): string } {
  const chunks: string[] = [];
  const out = new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      chunks.push(String(chunk));
      done();
    },
  }) as Writable & { isTTY: boolean; text(): string };
  out.isTTY = isTTY;
  out.text = () => chunks.join('');
  return out;
}

/**
 * The rows a terminal shows after `text`: `\r` returns to the row's start, `ESC[K` wipes the row from
 * there, colour codes (`ESC[…m`) take no room.
 */
function screen(text: string): string[] {
  const rows: string[] = [];
  let row = '';
  let col = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    const colour = /^\x1b\[[\d;]*m/u.exec(text.slice(i, i + 12));
    if (colour) i += colour[0].length - 1;
    else if (text.startsWith('\x1b[K', i)) {
      row = row.slice(0, col);
      i += 2;
    } else if (c === '\r') col = 0;
    else if (c === '\n') {
      rows.push(row);
      row = '';
      col = 0;
    } else {
      row = row.slice(0, col) + c + row.slice(col + 1);
      col += 1;
    }
  }
  return [...rows, row];
}

describe('logs on a terminal', () => {
  it('writes readable single lines above the progress, never on its row', async () => {
    const tty = stream(true);
    const logger = createLogger({ destination: tty, format: 'pretty' });
    const progress = terminalProgress(3, tty);
    progress.tick('ministry-jp');
    logger.info({ site: 'ministry-jp', verdict: 'unchanged' }, 'ministry-jp: unchanged');
    progress.tick('bank-id');
    logger.warn({ site: 'bank-id' }, 'bank-id: no baseline');
    progress.tick('court-vn');
    const during = screen(tty.text());
    expect(during.at(-1)).toBe('[3/3] court-vn');
    progress.done();
    const rows = screen(tty.text());
    const logRows = rows.filter((r) => r.includes('ministry-jp: unchanged') || r.includes('bank-id: no baseline'));
    expect(logRows).toHaveLength(2);
    for (const row of logRows) {
      expect(row).not.toMatch(/\[\d\/3\]/u);
      // A person's line: time, level word and message, not a JSON object.
      expect(row).toMatch(/^\[\d\d:\d\d:\d\d\] (INFO|WARN)/u);
      expect(row).not.toContain('{"level"');
    }
    expect(rows.at(-1)).toBe('');
  });

  it('keeps JSON lines on a terminal when asked for, still above the progress', () => {
    const tty = stream(true);
    const logger = createLogger({ destination: tty, format: 'json' });
    const progress = terminalProgress(2, tty);
    progress.tick('a');
    logger.info('checked a');
    const rows = screen(tty.text());
    expect(JSON.parse(rows[0]!)).toMatchObject({ msg: 'checked a', level: 30 });
    expect(rows.at(-1)).toBe('[1/2] a');
  });

  it('writes JSON when stderr is not a terminal, and that is the default there', () => {
    expect(defaultLogFormat({ isTTY: false })).toBe('json');
    expect(defaultLogFormat({ isTTY: true })).toBe('pretty');
    const pipe = stream(false);
    createLogger({ destination: pipe }).info({ site: 'x' }, 'hello');
    expect(JSON.parse(pipe.text())).toMatchObject({ msg: 'hello', site: 'x', app: 'defacewatch' });
  });
});
