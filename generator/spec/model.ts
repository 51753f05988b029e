/**
 * The YAML intermediate spec: one ActionSpec per action, written to `<spec>/<product>/<Action>.yaml`.
 * This module is the single definition of its shape; `spec/schema.json` mirrors it for ajv.
 * Key order when serialised is the order of the properties declared here (see spec/io.ts).
 */

/** Scalar types the parser normalises doc types to. */
export type ScalarType = 'string' | 'integer' | 'number' | 'boolean';

/**
 * A type node. Exactly one shape per `type`:
 * - scalar: `{ type: 'string' }`
 * - array: `{ type: 'array', items: TypeNode }`
 * - object with known fields (from dotted names `X.Y`): `{ type: 'object', fields: Field[] }`
 * - free-form object (doc says `object`, no fields known): `{ type: 'object' }`
 * - model reference (page-scoped data model): `{ type: 'model', model: 'UHostInstanceSet' }`
 * - unknown doc type, kept raw: `{ type: 'unknown', raw: 'map<string>' }`
 */
export interface TypeNode {
  type: ScalarType | 'array' | 'object' | 'model' | 'unknown';
  items?: TypeNode;
  fields?: Field[];
  model?: string;
  raw?: string;
}

/** A request parameter, response field or model field. */
export interface Field extends TypeNode {
  /** Name as the API spells it, one path segment (`Disks`, `CustomBackup`, `Day`). */
  name: string;
  /** Full documented wire name for request params (`Disks.N.CustomBackup.Day`); absent on response/model fields. */
  wire?: string;
  required: boolean;
  /** Cleaned description: `<br>` -> `\n`, links kept (absolute). */
  description: string;
  /** Hints extracted where the wording is unambiguous. */
  default?: string;
  /**
   * Allowed values (generator/parse/enums.ts), as strings in doc order; for an array field they are the
   * values of its items. Emitted as an open union (`'Year' | 'Month' | (string & {})`).
   */
  enum?: string[];
  /** Meaning of some allowed values where the doc gives one (`Year: 按年付费`); keys are values of `enum`. */
  enumMeanings?: Record<string, string>;
  deprecated?: boolean;
}

export interface Model {
  name: string;
  description: string;
  fields: Field[];
}

export interface Examples {
  /** Request example params in doc order (values as strings), including `Action`. */
  request?: Record<string, string>;
  /** Response example, parsed JSON (trailing commas repaired). */
  response?: unknown;
}

export interface ActionSpec {
  /** `CreateCustomImage` */
  action: string;
  /** `uhost` (folder name without `-api`) */
  product: string;
  /** Page title without the action name and status tags: `Create Custom Image`. */
  title: string;
  /** Overview text. */
  summary: string;
  /** Status tags from the title, e.g. `deprecated`, `new` (raw tag text kept if unknown). */
  status?: string[];
  /** Source page relative to the docs root, POSIX separators: `uhost/create_custom_image.md`. */
  source: string;
  /** Absolute link to the page (docs base URL + page path). */
  docUrl: string;
  /** Safe to retry: derived from the verb (Describe/Get/List/... true). */
  idempotent: boolean;
  request: Field[];
  response: Field[];
  /** Page-scoped data models referenced by `type: model`, sorted by name. */
  models: Model[];
  examples?: Examples;
  /** Waiters polling this action until a response field reaches a state (from overlays; none are parsed). */
  waiters?: Waiter[];
}

/**
 * A waiter: `waitUntil<name>(client, params, options)` polls the action until `state` (a dotted path into the
 * response, numeric parts indexing arrays: `UHostSet.0.State`) holds one of `success`; `failure` ends it with
 * an error at once, as do the RetCodes in `fatalRetCodes` (the resource does not exist...).
 */
export interface Waiter {
  /** PascalCase resource and state: `UHostInstanceRunning` -> `waitUntilUHostInstanceRunning`. */
  name: string;
  description?: string;
  state: string;
  success: string[];
  failure?: string[];
  fatalRetCodes?: number[];
  delays?: { minDelayMs?: number; maxDelayMs?: number; maxWaitMs?: number };
}
