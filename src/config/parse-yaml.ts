import { LineCounter, parseDocument } from 'yaml';
import type { z } from 'zod';
import { formatZodIssues } from './format-issues.js';

/**
 * Parses a YAML config file's text and validates it with `schema`. Returns the config, or every
 * problem as one line `file: where: what (fix)`. `emptyFix` says what an empty file should hold.
 */
export function parseYamlConfig<S extends z.ZodType>(
  file: string,
  text: string,
  schema: S,
  knownFields: readonly string[],
  emptyFix: string,
): { config?: z.output<S>; problems: string[] } {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { prettyErrors: false, uniqueKeys: true, lineCounter });
  if (doc.errors.length > 0) {
    return {
      problems: doc.errors.map((error) => {
        const position = lineCounter.linePos(error.pos[0]);
        const where = `line ${position.line}, column ${position.col}`;
        const what = error.message.split('\n')[0] ?? 'syntax error';
        return `${file}: ${where}: YAML syntax error: ${what} (fix the YAML syntax)`;
      }),
    };
  }
  const raw: unknown = doc.toJS();
  if (raw === null || raw === undefined) return { problems: [`${file}: (top level): the file is empty (${emptyFix})`] };
  const result = schema.safeParse(raw);
  if (!result.success) return { problems: formatZodIssues(file, result.error.issues, knownFields) };
  return { config: result.data, problems: [] };
}
