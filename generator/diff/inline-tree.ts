/**
 * One action's request or response, compared where it is used: fields matched by name at every depth, page
 * models inlined (a model referenced under another name is reported as a rename and compared field by field),
 * cycle-safe. Each change is judged by what the generated client does with it (see compare.ts for the rules):
 * request changes break when an old call stops compiling, response changes when old reading code does.
 */
import { CLIENT_DEFAULTS } from '../emit/action.js';
import type { Field, TypeNode } from '../spec/model.js';
import type { ChangeKind } from './changes.js';
import { assignableAcrossKinds, hasKeys, uniqueFields, viewOf, type PageModels, type TsView } from './tsview.js';

export type Direction = 'request' | 'response';

/** One side of the action: its page models and their exported TS names (from emit/models.ts resolveModels). */
export interface TreeSide {
  page: PageModels;
  tsName(pageModel: string): string | undefined;
}

export interface TreeCtx {
  old: TreeSide;
  new: TreeSide;
  report(change: ChangeKind, path: string, breaking: boolean, detail: string, review?: boolean): void;
  /** The exported type used at `path` changed name (page rename or a product-level renaming). */
  renamed(oldTs: string, newTs: string, path: string): void;
}

interface Walk {
  ctx: TreeCtx;
  dir: Direction;
  /** `oldModel\0newModel` pairs being expanded: a pair met again closes a cycle (compared already). */
  stack: readonly string[];
}

/** Compare the request (or response) field lists of one action. */
export function compareTree(ctx: TreeCtx, dir: Direction, before: readonly Field[], after: readonly Field[]): void {
  compareFields({ ctx, dir, stack: [] }, dir, uniqueFields(before), uniqueFields(after), true);
}

function compareFields(w: Walk, base: string, before: Field[], after: Field[], top: boolean): void {
  const next = new Map(after.map((f) => [f.name, f] as const));
  const prev = new Set(before.map((f) => f.name));
  for (const f of before) {
    const g = next.get(f.name);
    const path = `${base}.${f.name}`;
    if (g === undefined)
      w.ctx.report(
        w.dir === 'request' ? 'param-removed' : 'response-field-removed',
        path,
        true,
        `${f.required ? 'required' : 'optional'} ${typeText(f)} removed`,
      );
    else compareField(w, path, f, g, top);
  }
  for (const g of after) if (!prev.has(g.name)) added(w, `${base}.${g.name}`, g, top);
}

/** Required as the client types it: top-level Region/Zone/ProjectId are optional (filled from the client's defaults). */
function requiredInClient(w: Walk, f: Field, top: boolean): boolean {
  return f.required && !(top && w.dir === 'request' && CLIENT_DEFAULTS.has(f.name));
}

function added(w: Walk, path: string, g: Field, top: boolean): void {
  if (w.dir === 'response') {
    w.ctx.report('response-field-added', path, false, typeText(g));
    return;
  }
  const required = requiredInClient(w, g, top);
  const defaulted = g.required && !required;
  w.ctx.report('param-added', path, required, `${g.required ? 'required' : 'optional'} ${typeText(g)}${defaulted ? DEFAULTED : ''}`, defaulted);
}

const DEFAULTED = " (optional in the client type: filled from the client's defaults, refused at run time when none is set)";

function compareField(w: Walk, path: string, f: Field, g: Field, top: boolean): void {
  if (f.required !== g.required) {
    const [was, now] = [requiredInClient(w, f, top), requiredInClient(w, g, top)];
    // Requests: a newly required param breaks callers. Responses: a newly optional field gains `undefined`.
    const breaking = w.dir === 'request' ? !was && now : was && !now;
    const defaulted = w.dir === 'request' && g.required && !now;
    w.ctx.report('required-changed', path, breaking, `${g.required ? 'now required' : 'now optional'}${defaulted ? DEFAULTED : ''}`, defaulted);
  }
  if ((f.deprecated ?? false) !== (g.deprecated ?? false)) {
    w.ctx.report('deprecated-changed', path, false, g.deprecated === true ? 'now deprecated' : 'no longer deprecated');
  }
  compareEnum(w, path, f.enum ?? [], g.enum ?? []);
  compareType(w, path, f, g, f, g, '');
}

/**
 * Allowed values are open unions in the client (`'A' | 'B' | (string & {})`), so no change breaks compilation;
 * a request param that loses values (or becomes limited to a list) is flagged for review: the server may now
 * refuse values old callers send.
 */
function compareEnum(w: Walk, path: string, o: readonly string[], n: readonly string[]): void {
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
  const review = w.dir === 'request' && n.length > 0 && (removedValues.length > 0 || o.length === 0);
  w.ctx.report('enum-changed', path, false, `allowed values: ${parts.join('; ')}`, review);
}

/** Arrays are walked in step (`[]` added to the path of nested fields); changes are reported at the field. */
function compareType(w: Walk, path: string, o: TypeNode, n: TypeNode, fo: Field, fn: Field, suffix: string): void {
  const vo = viewOf(o, w.ctx.old.page);
  const vn = viewOf(n, w.ctx.new.page);
  const detail = `${typeText(fo)} -> ${typeText(fn)}`;
  if (vo.kind === 'array' && vn.kind === 'array') return compareType(w, path, vo.items, vn.items, fo, fn, `${suffix}[]`);
  if (vo.kind !== vn.kind) {
    // The old value must still go where the new type is expected (request), or the new one where the old was (response);
    // and no named key may be lost (callers set it, readers read it).
    const [src, tgt] = w.dir === 'request' ? [vo, vn] : [vn, vo];
    w.ctx.report('type-changed', path, !assignableAcrossKinds(src, tgt) || hasKeys(vo, w.ctx.old.page), detail);
    return;
  }
  if (vo.kind === 'scalar' && vn.kind === 'scalar' && vo.spec !== vn.spec) {
    const narrowed = w.dir === 'request' && vo.spec === 'number' && vn.spec === 'integer';
    w.ctx.report('type-changed', path, vo.ts !== vn.ts, vo.ts === vn.ts ? `${detail} (both number in the client)` : detail, narrowed);
  } else if (vo.kind === 'unknown' && typeText(o) !== typeText(n)) {
    w.ctx.report('type-changed', path, false, `${detail} (both unknown in the client)`);
  } else if (vo.kind === 'interface' && vn.kind === 'interface') {
    compareInterfaces(w, `${path}${suffix}`, vo, vn);
  }
}

function compareInterfaces(w: Walk, path: string, vo: Extract<TsView, { kind: 'interface' }>, vn: Extract<TsView, { kind: 'interface' }>): void {
  let stack = w.stack;
  if (vo.model !== undefined && vn.model !== undefined) {
    const [oldTs, newTs] = [w.ctx.old.tsName(vo.model), w.ctx.new.tsName(vn.model)];
    if (vo.model !== vn.model) {
      const exported = oldTs !== vo.model || newTs !== vn.model ? ` (exported as ${oldTs ?? '?'} -> ${newTs ?? '?'})` : '';
      w.ctx.report('model-renamed', path, false, `${vo.model} -> ${vn.model}${exported}; compared field by field`);
    }
    if (oldTs !== undefined && newTs !== undefined && oldTs !== newTs) w.ctx.renamed(oldTs, newTs, path);
    const key = `${vo.model}\0${vn.model}`;
    if (stack.includes(key)) return;
    stack = [...stack, key];
  }
  compareFields({ ...w, stack }, path, vo.fields, vn.fields, false);
}

/** Readable spec type for details: `string`, `array<UHostDiskSet>`, `object`, `map<string> (unknown)`. */
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
