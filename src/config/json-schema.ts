import { z } from 'zod';
import { daemonConfigSchema } from './daemon-schema.js';
import { agencySchema } from './schema.js';

/** The JSON Schema of an agency file, generated from the zod schema so the two never drift. */
export function agencyJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(agencySchema, { io: 'input', target: 'draft-2020-12' }),
    $id: 'https://defacewatch.example/schema/targets.schema.json',
    title: 'defacewatch agency targets file',
  };
}

/** The JSON Schema of the daemon config file (`defacewatch.yaml`). */
export function daemonJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(daemonConfigSchema, { io: 'input', target: 'draft-2020-12' }),
    $id: 'https://defacewatch.example/schema/defacewatch.schema.json',
    title: 'defacewatch daemon config file',
  };
}
