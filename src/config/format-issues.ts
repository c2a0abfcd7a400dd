import type { z } from 'zod';

/** `['sites', 2, 'url']` → `sites[2].url`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? String(part) : `.${String(part)}`;
  }
  return out === '' ? '(top level)' : out;
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j]!;
      row[j] = Math.min(above + 1, row[j - 1]! + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length]!;
}

/** The known field closest to a misspelt one, if it is close enough to be a typo. */
export function closestName(name: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of known) {
    const distance = editDistance(name.toLowerCase(), candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return bestDistance <= Math.max(2, Math.floor(name.length / 3)) ? best : undefined;
}

function describeInput(input: unknown): string {
  if (input === null) return 'null';
  if (Array.isArray(input)) return 'a list';
  if (typeof input === 'object') return 'a mapping';
  return `${typeof input} ${JSON.stringify(input)}`;
}

/**
 * One line per problem: `file: path.to.field: what is wrong (what to do)`.
 * `knownFields` feeds the "did you mean" hint for unknown keys.
 */
export function formatZodIssues(file: string, issues: readonly z.core.$ZodIssue[], knownFields: readonly string[]): string[] {
  const lines: string[] = [];
  for (const issue of issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        const suggestion = closestName(key, knownFields);
        const fix = suggestion ? `did you mean "${suggestion}"?` : 'remove it';
        lines.push(`${file}: ${formatPath([...issue.path, key])}: unknown field (${fix})`);
      }
      continue;
    }
    let message = issue.message;
    if (issue.code === 'invalid_type') {
      message = issue.input === undefined ? `is required (expected ${issue.expected})` : `expected ${issue.expected}, got ${describeInput(issue.input)}`;
    } else if (issue.code === 'invalid_value') {
      message = `must be one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
    }
    lines.push(`${file}: ${formatPath(issue.path)}: ${message}`);
  }
  return lines;
}
