/**
 * Spec comparison: what changed between two sets of ActionSpecs, each change classified breaking or not
 * for code that uses the generated client.
 *
 * Rules (one per change kind):
 * - action-removed: breaking (the function disappears). action-added: not breaking.
 * - param-added: breaking when required (existing calls lack it), else not.
 * - param-removed: breaking (callers passing it no longer type-check, and the server ignores or rejects it).
 * - required-changed: request param optional -> required breaking, required -> optional not;
 *   response/model field required -> optional breaking (its type gains `undefined`), optional -> required not.
 * - type-changed: always breaking (in requests callers send the wrong type, in responses readers get it).
 * - response-field-added / model-field-added: not breaking. response-field-removed / model-field-removed: breaking.
 * - model-added: not breaking. model-removed: breaking (its exported type disappears).
 * - enum-changed: allowed values of a request param removed is breaking (the server rejects calls that send them);
 *   values added, or any change on the response side, is not (enums are documented, not typed).
 * - deprecated-changed (a field) and status-changed (the action's title tags, e.g. deprecated): not breaking,
 *   reported so reviewers see what users are told to stop using.
 * Descriptions, examples, titles and doc links are documentation, not API: they are not reported.
 */
import type { ActionSpec, Field, Model, TypeNode } from '../spec/model.js';

export type ChangeKind =
  | 'action-added'
  | 'action-removed'
  | 'param-added'
  | 'param-removed'
  | 'required-changed'
  | 'type-changed'
  | 'response-field-added'
  | 'response-field-removed'
  | 'model-added'
  | 'model-removed'
  | 'model-field-added'
  | 'model-field-removed'
  | 'enum-changed'
  | 'deprecated-changed'
  | 'status-changed';

export interface Change {
  /** Action name, e.g. `CreateCustomImage`. */
  action: string;
  product: string;
  change: ChangeKind;
  /** Where in the action: `request.DataUDiskIds`, `response.UHostSet[].Name`, `models.UHostDiskSet.Size`; `` for the action. */
  path: string;
  breaking: boolean;
  /** Human detail: `string -> integer`, `now required`, `required param`. */
  detail: string;
}

export interface DiffSummary {
  total: number;
  breaking: number;
  nonBreaking: number;
  actionsBefore: number;
  actionsAfter: number;
  actionsChanged: number;
  byChange: Partial<Record<ChangeKind, number>>;
}

export interface DiffReport {
  changes: Change[];
  summary: DiffSummary;
}

type Side = 'request' | 'response' | 'model';

interface Ctx {
  action: string;
  product: string;
  out: Change[];
}

const keyOf = (s: ActionSpec): string => `${s.product}/${s.action}`;

/** Compare two spec sets; changes come out sorted by product, action, then path. */
export function diffSpecs(before: readonly ActionSpec[], after: readonly ActionSpec[]): DiffReport {
  const oldMap = new Map(before.map((s) => [keyOf(s), s]));
  const newMap = new Map(after.map((s) => [keyOf(s), s]));
  const out: Change[] = [];
  for (const [key, o] of oldMap) {
    const n = newMap.get(key);
    const ctx: Ctx = { action: o.action, product: o.product, out };
    if (n === undefined) push(ctx, 'action-removed', '', true, 'action removed');
    else compareAction(ctx, o, n);
  }
  for (const [key, n] of newMap) {
    if (!oldMap.has(key)) push({ action: n.action, product: n.product, out }, 'action-added', '', false, 'new action');
  }
  const changes = out.sort(
    (a, b) => cmp(a.product, b.product) || cmp(a.action, b.action) || cmp(a.path, b.path) || cmp(a.change, b.change),
  );
  return { changes, summary: summarize(changes, before.length, after.length) };
}

function compareAction(ctx: Ctx, o: ActionSpec, n: ActionSpec): void {
  const before = [...(o.status ?? [])].sort().join(', ');
  const after = [...(n.status ?? [])].sort().join(', ');
  if (before !== after) push(ctx, 'status-changed', '', false, `status ${before === '' ? '(none)' : before} -> ${after === '' ? '(none)' : after}`);
  compareFields(ctx, 'request', 'request', o.request, n.request);
  compareFields(ctx, 'response', 'response', o.response, n.response);
  compareModels(ctx, o.models, n.models);
}

function compareModels(ctx: Ctx, before: readonly Model[], after: readonly Model[]): void {
  const newByName = new Map(after.map((m) => [m.name, m]));
  const oldNames = new Set(before.map((m) => m.name));
  for (const m of before) {
    const n = newByName.get(m.name);
    const path = `models.${m.name}`;
    if (n === undefined) push(ctx, 'model-removed', path, true, 'model removed');
    else compareFields(ctx, 'model', path, m.fields, n.fields);
  }
  for (const m of after) if (!oldNames.has(m.name)) push(ctx, 'model-added', `models.${m.name}`, false, 'new model');
}

function compareFields(ctx: Ctx, side: Side, base: string, before: readonly Field[], after: readonly Field[]): void {
  const newByName = new Map(after.map((f) => [f.name, f]));
  const oldNames = new Set(before.map((f) => f.name));
  for (const f of before) {
    const path = `${base}.${f.name}`;
    const n = newByName.get(f.name);
    if (n === undefined) removed(ctx, side, path, f);
    else compareField(ctx, side, path, f, n);
  }
  for (const f of after) if (!oldNames.has(f.name)) added(ctx, side, `${base}.${f.name}`, f);
}

function removed(ctx: Ctx, side: Side, path: string, f: Field): void {
  const kind: ChangeKind = side === 'request' ? 'param-removed' : side === 'response' ? 'response-field-removed' : 'model-field-removed';
  push(ctx, kind, path, true, `${f.required ? 'required' : 'optional'} ${typeText(f)} removed`);
}

function added(ctx: Ctx, side: Side, path: string, f: Field): void {
  if (side === 'request') {
    push(ctx, 'param-added', path, f.required, `${f.required ? 'required' : 'optional'} ${typeText(f)}`);
    return;
  }
  push(ctx, side === 'response' ? 'response-field-added' : 'model-field-added', path, false, typeText(f));
}

function compareField(ctx: Ctx, side: Side, path: string, o: Field, n: Field): void {
  if (o.required !== n.required) {
    // Requests: newly required breaks callers. Responses: newly optional breaks readers.
    const breaking = side === 'request' ? n.required : !n.required;
    push(ctx, 'required-changed', path, breaking, n.required ? 'now required' : 'now optional');
  }
  if ((o.deprecated ?? false) !== (n.deprecated ?? false)) push(ctx, 'deprecated-changed', path, false, n.deprecated === true ? 'now deprecated' : 'no longer deprecated');
  compareEnum(ctx, side, path, o.enum ?? [], n.enum ?? []);
  compareType(ctx, side, path, o, n);
}

/** Allowed values: an empty list means any value, so gaining or losing the whole list is reported too. */
function compareEnum(ctx: Ctx, side: Side, path: string, o: readonly string[], n: readonly string[]): void {
  const removedValues = o.filter((v) => !n.includes(v));
  const addedValues = n.filter((v) => !o.includes(v));
  if (removedValues.length === 0 && addedValues.length === 0) return;
  const parts: string[] = [];
  if (o.length > 0 && n.length === 0) parts.push('any value now allowed');
  else if (o.length === 0) parts.push(`now limited to ${n.join(', ')}`);
  else {
    if (removedValues.length > 0) parts.push(`removed ${removedValues.join(', ')}`);
    if (addedValues.length > 0) parts.push(`added ${addedValues.join(', ')}`);
  }
  const breaking = side === 'request' && n.length > 0 && (removedValues.length > 0 || o.length === 0);
  push(ctx, 'enum-changed', path, breaking, `allowed values: ${parts.join('; ')}`);
}

/** Same outer shape: recurse into object fields and array items; otherwise one type-changed. */
function compareType(ctx: Ctx, side: Side, path: string, o: TypeNode, n: TypeNode): void {
  if (shapeText(o) !== shapeText(n)) {
    push(ctx, 'type-changed', path, true, `${typeText(o)} -> ${typeText(n)}`);
    return;
  }
  if (o.type === 'array' && o.items !== undefined && n.items !== undefined) compareType(ctx, side, `${path}[]`, o.items, n.items);
  else if (o.type === 'object' && o.fields !== undefined && n.fields !== undefined) compareFields(ctx, side, path, o.fields, n.fields);
}

/** Outer shape only, for "did the type change": fields are compared one by one instead. */
function shapeText(t: TypeNode): string {
  switch (t.type) {
    case 'array':
      return `array<${t.items === undefined ? '?' : shapeText(t.items)}>`;
    case 'model':
      return `model:${t.model ?? '?'}`;
    case 'unknown':
      return `unknown:${t.raw ?? ''}`;
    case 'object':
      return t.fields === undefined ? 'object' : 'object{}';
    default:
      return t.type;
  }
}

/** Readable type for details: `string`, `array<UHostDiskSet>`, `object`, `map<string> (unknown)`. */
export function typeText(t: TypeNode): string {
  switch (t.type) {
    case 'array':
      return `array<${t.items === undefined ? '?' : typeText(t.items)}>`;
    case 'model':
      return t.model ?? 'model';
    case 'unknown':
      return `${t.raw ?? '?'} (unknown)`;
    default:
      return t.type;
  }
}

function push(ctx: Ctx, change: ChangeKind, path: string, breaking: boolean, detail: string): void {
  ctx.out.push({ action: ctx.action, product: ctx.product, change, path, breaking, detail });
}

function summarize(changes: readonly Change[], before: number, after: number): DiffSummary {
  const byChange: Partial<Record<ChangeKind, number>> = {};
  for (const c of changes) byChange[c.change] = (byChange[c.change] ?? 0) + 1;
  const breaking = changes.filter((c) => c.breaking).length;
  const actions = new Set(changes.map((c) => `${c.product}/${c.action}`));
  const sorted = Object.fromEntries(Object.entries(byChange).sort(([a], [b]) => cmp(a, b))) as DiffSummary['byChange'];
  return {
    total: changes.length,
    breaking,
    nonBreaking: changes.length - breaking,
    actionsBefore: before,
    actionsAfter: after,
    actionsChanged: actions.size,
    byChange: sorted,
  };
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
