import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ERROR_CATALOGUE } from '../../src/core/errors.js';

describe('docs/errors.md', () => {
  const rows = readFileSync(new URL('../../docs/errors.md', import.meta.url), 'utf8')
    .split('\n')
    .filter((line) => line.startsWith('| `'))
    .map((line) => line.split('|').map((cell) => cell.trim()));

  it('documents exactly the codes of the catalogue, with the same hint and retryability', () => {
    expect(rows.map((cells) => cells[1]!.replace(/`/g, ''))).toEqual(Object.keys(ERROR_CATALOGUE));
    for (const cells of rows) {
      const spec = ERROR_CATALOGUE[cells[1]!.replace(/`/g, '') as keyof typeof ERROR_CATALOGUE];
      expect(cells[2]).toBe(spec.title);
      expect(cells[3]).toBe(spec.hint);
      expect(cells[4]).toBe(spec.retryable ? 'yes' : 'no');
    }
  });
});
