import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { assetPath } from '../assets.js';

/** Path of the JSON Schema every spec file is validated against. */
export const SCHEMA_PATH = assetPath('schema.json');

let validator: ValidateFunction | undefined;

const require = createRequire(import.meta.url);
/** The validator the generator's build compiled from spec/schema.json (bin/build-generator.js), when there is one. */
const PRECOMPILED = fileURLToPath(new URL('./schema-validator.cjs', import.meta.url));

function compile(): ValidateFunction {
  if (existsSync(PRECOMPILED)) return require(PRECOMPILED) as ValidateFunction;
  const AjvModule = require('ajv') as { default?: unknown };
  const Ajv = AjvModule.default ?? AjvModule;
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
