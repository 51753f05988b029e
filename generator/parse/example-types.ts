/**
 * Contradictions a page shows between its examples and its tables, each naming the table row and the example
 * line and what to change (the client built from such a page refuses valid calls, or mistypes what it gets):
 *
 * - `example-mismatch`: the request example sends parameters the request table lacks;
 * - `request-example-type`: a request example value that cannot be of its row's type (`UHostId=uhost-xxx` for an
 *   `int`), by the runtime's own rule of what the wire accepts (runtime/wire-equivalent.ts);
 * - `response-example-type`: a response example value whose JSON type contradicts its field's type, at any depth
 *   through arrays and models, by the runtime's own response check (runtime/response-check.ts).
 */
import { checkResponseShape, jsonType } from '../../runtime/response-check.js';
import { positionAt, scanJson } from '../../runtime/json-scan.js';
import { REFUSED, toWire } from '../../runtime/wire-equivalent.js';
import type { Field, Model, TypeNode } from '../spec/model.js';
import { responsePlace, type Place } from '../spec/response-path.js';
import { fieldsShape } from '../spec/shape.js';
import { repairTrailingCommas, wireKey } from './examples.js';
import type { ModelDef } from './models.js';
import { clip, clipList } from './clip.js';

export interface ExampleProblem {
  line: number;
  code: 'example-mismatch' | 'request-example-type' | 'response-example-type';
  message: string;
}

/** What the checks read: the page's lines, its tables (fields with their lines) and its examples. */
export interface ExampleCheckInput {
  /** The page's lines (split on first use: most pages have nothing to report). */
  pageLines: () => readonly string[];
  request: readonly Field[];
  requestLines: ReadonlyMap<Field, number>;
  response: readonly Field[];
  responseLines: ReadonlyMap<Field, number>;
  models: ReadonlyMap<string, ModelDef>;
  requestExample?: { line: number; text: string; value: Readonly<Record<string, string>> };
  responseExample?: { line: number; text: string; value: unknown };
}

/** Keys of a request example that are not parameters. */
const PUBLIC = new Set(['Action', 'PublicKey', 'Signature']);
const WIRE_TYPE: Readonly<Record<string, 'i' | 'n' | 'b'>> = { integer: 'i', number: 'n', boolean: 'b' };
const ENVELOPE: Readonly<Record<string, string>> = { RetCode: 'integer', Action: 'string', Message: 'string' };

export function exampleProblems(input: ExampleCheckInput): ExampleProblem[] {
  return [...requestProblems(input), ...responseProblems(input)];
}

function requestProblems(input: ExampleCheckInput): ExampleProblem[] {
  const ex = input.requestExample;
  if (ex === undefined) return [];
  const rows = new Map<string, Field>();
  const collect = (fs: readonly Field[]): void => {
    for (const f of fs) {
      if (f.wire !== undefined && !rows.has(wireKey(f.wire))) rows.set(wireKey(f.wire), f);
      if (f.fields) collect(f.fields);
      for (let t = f.items; t; t = t.items) if (t.fields) collect(t.fields);
    }
  };
  collect(input.request);
  const out: ExampleProblem[] = [];
  const extra: { key: string; line: number }[] = [];
  let keyLines: ReadonlyMap<string, number> | undefined;
  for (const [key, value] of Object.entries(ex.value)) {
    if (PUBLIC.has(key)) continue;
    const line = (): number => {
      keyLines ??= requestKeyLines(input.pageLines(), ex.line);
      return keyLines.get(key) ?? ex.line;
    };
    const field = rows.get(wireKey(key));
    if (field === undefined) {
      extra.push({ key, line: line() });
      continue;
    }
    const type = leafType(field);
    const wire = WIRE_TYPE[type];
    if (wire === undefined || toWire(value, wire) !== REFUSED) continue;
    const rowLine = input.requestLines.get(field) ?? 0;
    const sent = `request example sends ${clip(key)}=${clip(value, 40)} (line ${line()})`;
    const row = `row '${clip(field.wire ?? field.name)}' types it ${type}`;
    out.push({
      line: rowLine,
      code: 'request-example-type',
      message: isPlaceholder(value)
        ? `${sent}, a placeholder that is not ${article(type)}, where ${row}: put ${article(type)} in the example (e.g. ${SAMPLE[type]})`
        : `${sent}, which is not ${article(type)}, but ${row}: the client refuses such values — if the API takes them, change the type cell to ${typeOfText(value)}; otherwise fix the example value`,
    });
  }
  if (extra.length > 0) {
    out.push({
      line: extra[0]!.line,
      code: 'example-mismatch',
      message: `request example sends parameters the request table lacks: ${clipList(extra.map((e) => `${e.key} (line ${e.line})`))}; add a row for each to the request table, or remove them from the example`,
    });
  }
  return out;
}

function responseProblems(input: ExampleCheckInput): ExampleProblem[] {
  const ex = input.responseExample;
  if (ex === undefined || ex.value === null || typeof ex.value !== 'object' || Array.isArray(ex.value)) return [];
  const models = new Map<string, Model>([...input.models].map(([name, def]) => [name, def.model] as const));
  const shape = fieldsShape(
    input.response.filter((f) => ENVELOPE[f.name] !== f.type),
    models,
  );
  const body = ex.value as Record<string, unknown>;
  const out: ExampleProblem[] = [];
  let scan: ReadonlyMap<string, number> | undefined;
  for (const f of checkResponseShape(body, shape)) {
    if (f.kind !== 'type-mismatch') continue;
    const place = responsePlace(input.response, models, f.path);
    const field = place?.steps[place.steps.length - 1]?.field;
    if (place === undefined || field === undefined) continue;
    scan ??= exampleKeys(ex.text);
    const at = occurrence(body, f.path, f.received ?? '');
    const offset = at === undefined ? undefined : scan.get(at.pointer);
    const line = offset === undefined ? ex.line : codeLine(input.pageLines(), ex.line) + positionAt(ex.text, offset).line - 1;
    const rowLine = (place.table.kind === 'model' ? input.models.get(place.table.name)?.lines.get(field) : input.responseLines.get(field)) ?? 0;
    const shown = at !== undefined && (typeof at.value !== 'object' || at.value === null) ? ` ${clip(JSON.stringify(at.value), 40)}` : '';
    const has = `response example has ${f.path} =${shown} (line ${line})`;
    const items = (place.steps[place.steps.length - 1]?.arrays ?? 0) > 0 ? 'its items as ' : '';
    const row = `${rowText(place)} types ${items || 'it '}${f.documented ?? 'unknown'}`;
    const documented = f.documented ?? 'unknown';
    out.push({
      line: rowLine,
      code: 'response-example-type',
      message:
        typeof at?.value === 'string' && isPlaceholder(at.value) && SAMPLE[documented] !== undefined
          ? `${has}, a placeholder string, where ${row}: put ${article(documented)} in the example (e.g. ${SAMPLE[documented]})`
          : `${has}, ${article(f.received ?? 'unknown')}, but ${row}: change the type cell to ${CELL[f.received ?? ''] ?? 'its type'}, or fix the example value`,
    });
  }
  return out;
}

/** A JSON type as the docs' type cells spell it. */
const CELL: Readonly<Record<string, string>> = {
  string: 'string',
  integer: 'int',
  number: 'float',
  boolean: 'boolean',
  array: 'array[...]',
  object: 'object or a model',
};

/** What to put in an example for a type. */
const SAMPLE: Readonly<Record<string, string>> = { integer: '1', number: '1.5', boolean: 'true', array: '[]', object: '{}' };

/** Eight random letters of both cases (`ILiBsGAn`): the filler the provider's doc generator puts in examples. */
function isPlaceholder(value: string): boolean {
  return /^[A-Za-z]{8}$/.test(value) && /[a-z]/.test(value) && /[A-Z]/.test(value);
}

/** `row 'State' of model UHostInstanceSet` / `response row 'TotalCount'`. */
function rowText(place: Place): string {
  const row = place.steps.map((s) => s.name).join('.');
  return place.table.kind === 'model' ? `row '${clip(row)}' of model ${clip(place.table.name)}` : `response row '${clip(row)}'`;
}

/** The scalar type of a request row (the element type of an array row). */
function leafType(t: TypeNode): string {
  let n = t;
  while (n.type === 'array' && n.items !== undefined) n = n.items;
  return n.type;
}

function article(type: string): string {
  return /^[aeiou]/.test(type) ? `an ${type}` : type === 'null' ? 'null' : `a ${type}`;
}

/** The type a request example value reads as: the one to suggest for the type cell. */
function typeOfText(value: string): string {
  if (toWire(value, 'i') !== REFUSED) return 'int';
  if (toWire(value, 'n') !== REFUSED) return 'float';
  return toWire(value, 'b') !== REFUSED ? 'boolean' : 'string';
}

/** The page line of a code block's first line: after its fence (```, ~~~), or the block's own line when indented. */
function codeLine(pageLines: readonly string[], blockLine: number): number {
  const first = (pageLines[blockLine - 1] ?? '').trimStart();
  return first.startsWith('```') || first.startsWith('~~~') ? blockLine + 1 : blockLine;
}

/** The page line of each key of a request example (`&Key=`, `"Key":`), first occurrence, in one pass over the block. */
function requestKeyLines(pageLines: readonly string[], blockLine: number): Map<string, number> {
  const out = new Map<string, number>();
  const start = codeLine(pageLines, blockLine);
  const fenced = start !== blockLine;
  for (let i = start - 1; i < pageLines.length; i++) {
    const l = pageLines[i]!;
    if (fenced ? /^\s*(?:```|~~~)/.test(l) : l.trim() !== '' && !/^(?: {4}|\t)/.test(l)) break;
    for (const m of l.matchAll(/(?:^|[?&＆\s{,])"?([A-Za-z_][\w.[\]-]*)(?:"\s*:|\s*[=＝])/g)) if (!out.has(m[1]!)) out.set(m[1]!, i + 1);
  }
  return out;
}

/** Offsets of the example's keys and elements by JSON pointer (`UHostSet/0/State`), read as the parser read it. */
function exampleKeys(text: string): ReadonlyMap<string, number> {
  const exact = scanJson(text);
  return exact.error === undefined ? exact.keys : scanJson(repairTrailingCommas(text)).keys;
}

/** The first place in `body` where `path` holds a value of JSON type `received`: its pointer and value. */
function occurrence(body: unknown, path: string, received: string): { pointer: string; value: unknown } | undefined {
  const segments = path.split('.').flatMap((seg) => {
    const m = /^(.*?)((?:\[\])*)$/.exec(seg)!;
    return [m[1]!, ...Array.from({ length: m[2]!.length / 2 }, () => '[]')];
  });
  const walk = (v: unknown, i: number, pointer: string): { pointer: string; value: unknown } | undefined => {
    if (i === segments.length) return jsonType(v) === received ? { pointer, value: v } : undefined;
    const seg = segments[i]!;
    if (seg === '[]') {
      if (!Array.isArray(v)) return undefined;
      for (const [k, item] of v.entries()) {
        const hit = walk(item, i + 1, `${pointer}/${k}`);
        if (hit !== undefined) return hit;
      }
      return undefined;
    }
    if (v === null || typeof v !== 'object' || Array.isArray(v) || !Object.hasOwn(v, seg)) return undefined;
    return walk((v as Record<string, unknown>)[seg], i + 1, pointer === '' ? seg : `${pointer}/${seg}`);
  };
  return walk(body, 0, '');
}
