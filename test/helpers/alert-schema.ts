// The alert payload v1 JSON Schema (docs/alert-v1.schema.json), compiled once for tests.
import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';

const schema = JSON.parse(readFileSync(new URL('../../docs/alert-v1.schema.json', import.meta.url), 'utf8'));
const validate = new Ajv({ allErrors: true, strict: true, strictRequired: false }).compile(schema);

/** The schema's complaints about a payload; empty when it is valid. */
export function alertSchemaErrors(payload: unknown): string[] {
  return validate(payload) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
}
