import { readFileSync } from 'node:fs';
import { assetPath } from '../paths.js';
import AjvModule, { type ErrorObject, type ValidateFunction } from 'ajv';
import type { ActionSpec } from './model.js';

/** Path of the JSON Schema every spec file is validated against. */
export const SCHEMA_PATH = assetPath('schema.json');

let validator: ValidateFunction | undefined;

function compile(): ValidateFunction {
  const Ajv = (AjvModule as unknown as { default?: typeof AjvModule }).default ?? AjvModule;
  const ajv = new (Ajv as unknown as new (o: object) => { compile(s: object): ValidateFunction })({
    allErrors: true,
    strict: false,
  });
  return ajv.compile(JSON.parse(readFileSync(SCHEMA_PATH, 'utf8')) as object);
}

/** Validate one spec object; returns human-readable problems (`/request/3/type: must be ...`), empty when valid. */
export function validateSpec(value: unknown): string[] {
  validator ??= compile();
  if (validator(value)) return [];
  return (validator.errors ?? []).map(formatError);
}

export function isActionSpec(value: unknown): value is ActionSpec {
  return validateSpec(value).length === 0;
}

function formatError(e: ErrorObject): string {
  const where = e.instancePath === '' ? '(root)' : e.instancePath;
  const extra =
    e.keyword === 'additionalProperties'
      ? ` '${(e.params as { additionalProperty: string }).additionalProperty}'`
      : e.keyword === 'enum'
        ? ` (${(e.params as { allowedValues: unknown[] }).allowedValues.join(', ')})`
        : '';
  return `${where}: ${e.message ?? e.keyword}${extra}`;
}
