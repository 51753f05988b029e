/** One Markdown page -> ActionSpec (or a skip) + diagnostics. Never throws on any input text. */
import type { Diagnostic, Severity } from '../diagnostics.js';
import type { ActionSpec, Examples, Field, Model, TypeNode } from '../spec/model.js';
import { DEFAULTS } from '../options.js';
import { validateSpec } from '../spec/schema.js';
import { classify } from './classify.js';
import { cleanDescription, extractHints } from './description.js';
import { extractEnum } from './enums.js';
import type { PageResult, ParseOptions } from './result.js';
import { exampleProblems, type ExampleCheckInput } from './example-types.js';
import { parseRequestExample, parseResponseExample } from './examples.js';
import { isIdempotent } from './idempotency.js';
import { inferFromExample } from './infer.js';
import { MAX_NESTING } from './nesting.js';
import { resolveModels, type ModelDef } from './models.js';
import { buildTree, type NamedRow, type TreeProblem } from './param-tree.js';
import { splitSections, type PageDoc, type Role, type Section } from './sections.js';
import { isParamTable, readTable, type Row } from './table.js';
import { clip, clipList } from './clip.js';
import { normaliseType } from './type-cell.js';

const PUBLIC = new Set(['Action', 'PublicKey', 'Signature']);

class Sink {
  readonly list: Diagnostic[] = [];
  constructor(private readonly file: string) {}
  add(line: number, severity: Severity, code: string, message: string): void {
    this.list.push({ file: this.file, line, col: line === 0 ? 0 : 1, severity, code, message });
  }
  problems(ps: TreeProblem[], severity: Severity = 'warning'): void {
    for (const p of ps) this.add(p.line, severity, p.code, p.message);
  }
}

function sectionsOf(doc: PageDoc, role: Role): Section[] {
  return doc.sections.filter((s) => s.role === role);
}

function tableRows(sections: Section[], sink: Sink): Row[] {
  const rows: Row[] = [];
  for (const s of sections)
    for (const b of s.blocks)
      if (b.kind === 'table' && b.table && isParamTable(b.table)) {
        const r = readTable(b.table, b.line);
        for (const p of r.problems) sink.add(p.line, 'warning', p.code, p.message);
        for (const row of r.rows) rows.push(row);
      }
  return rows;
}

function textOf(sections: Section[], base: string): string {
  const parts = sections.flatMap((s) => s.blocks.filter((b) => b.kind === 'text').map((b) => b.text ?? ''));
  return cleanDescription(parts.join('\n\n'), base);
}

function codeOf(sections: Section[]): { text: string; line: number } | undefined {
  for (const s of sections) for (const b of s.blocks) if (b.kind === 'code') return { text: b.text ?? '', line: b.line };
  return undefined;
}

/** Models of the page named in `description` (as whole identifiers), in one pass over the text. */
function modelsNamedIn(description: string, models: Set<string>): string[] {
  const named = new Set<string>();
  for (const m of description.matchAll(/[A-Za-z0-9_]+/g)) if (models.has(m[0])) named.add(m[0]);
  return [...named];
}

/** Hints are read from descriptions up to this length (longer ones are not real descriptions; the hint patterns rescan). */
const MAX_HINT_TEXT = 4096;

function hintsOf(row: Row, description: string, sink: Sink): NamedRow['hints'] {
  if (row.description.length <= MAX_HINT_TEXT) {
    const allowed = extractEnum(description);
    for (const p of allowed.problems) sink.add(row.line, 'warning', p.code, `'${clip(row.name)}': ${p.message}`);
    return { ...extractHints(row.description), ...(allowed.hint ? { enum: allowed.hint } : {}) };
  }
  sink.add(
    row.line,
    'warning',
    'long-description',
    `the description of '${clip(row.name)}' has ${row.description.length} characters; default/enum/deprecated hints are only read from descriptions up to ${MAX_HINT_TEXT} — shorten it`,
  );
  return {};
}

/** A bare `array` row: warned about (untyped-array) unless the response example gives its model (infer.ts). */
interface Untyped {
  items: TypeNode;
  name: string;
  line: number;
}

interface RowContext {
  base: string;
  older: boolean;
  models: Set<string>;
  sink: Sink;
  skipPublic: boolean;
  untyped: Untyped[];
}

function namedRows(rows: Row[], ctx: RowContext): NamedRow[] {
  const out: NamedRow[] = [];
  for (const row of rows) {
    if (ctx.skipPublic && PUBLIC.has(row.name)) continue;
    const description = cleanDescription(row.description, ctx.base);
    const t = normaliseType(row.type);
    let node = t.node;
    if (t.unknown)
      ctx.sink.add(
        row.line,
        'warning',
        'unknown-type',
        `type '${clip(row.type)}' of '${clip(row.name)}' is not one of string/int/float/bool/array[...]/object/[*Model*](#Model); kept raw`,
      );
    if (t.bare !== undefined && ctx.older) {
      const named = modelsNamedIn(row.description, ctx.models);
      if (named.length === 1) node = t.bare === 'array' ? { type: 'array', items: { type: 'model', model: named[0]! } } : { type: 'model', model: named[0]! };
    }
    if (node.type === 'array' && node.items?.type === 'unknown' && node.items.raw === 'array' && !/\.(?:n|\d+)$/i.test(row.name))
      ctx.untyped.push({ items: node.items, name: row.name, line: row.line });
    out.push({ name: row.name, node, required: row.required, description, hints: hintsOf(row, description, ctx.sink), line: row.line });
  }
  return out;
}

function modelDefs(doc: PageDoc, ctx: RowContext): Map<string, ModelDef> {
  const grouped = new Map<string, { rows: Row[]; names: Set<string>; line: number; sections: Section[] }>();
  for (const s of sectionsOf(doc, 'model')) {
    const rows = tableRows([s], ctx.sink);
    if (rows.length === 0 && !s.blocks.some((b) => b.kind === 'table')) continue;
    const g = grouped.get(s.name!) ?? { rows: [], names: new Set<string>(), line: s.line, sections: [] };
    for (const r of rows) if (!g.names.has(r.name)) g.rows.push(r);
    for (const r of rows) g.names.add(r.name);
    g.sections.push(s);
    grouped.set(s.name!, g);
  }
  const defs = new Map<string, ModelDef>();
  for (const [name, g] of grouped) {
    const tree = buildTree(namedRows(g.rows, ctx), false);
    ctx.sink.problems(tree.problems);
    const model: Model = { name, description: textOf(g.sections, ctx.base), fields: tree.fields };
    defs.set(name, { model, line: g.line, lines: tree.lines });
  }
  return defs;
}

/**
 * Older layout: bare arrays/objects typed from the response example (an info each, at the field's line); the
 * bare arrays left are untyped-array warnings.
 */
function typeFromExample(ctx: RowContext, response: { fields: Field[]; lines: Map<Field, number> }, defs: Map<string, ModelDef>, example: unknown): void {
  const inferred = ctx.older ? inferFromExample(response.fields, defs, example) : [];
  if (inferred.length > 0) {
    const lineOf = new Map(response.lines);
    for (const def of defs.values()) for (const [f, line] of def.lines) lineOf.set(f, line);
    for (const { field, was, model, keys } of inferred) {
      const [typed, cell] = was === 'array' ? [`array of ${model}`, `array[[*${model}*](#${model})]`] : [model, `[*${model}*](#${model})`];
      ctx.sink.add(
        lineOf.get(field) ?? 0,
        'info',
        'inferred-model',
        `'${clip(field.name)}' is a bare ${was}; typed as ${typed}, the one page model whose fields match the response example (keys ${clipList(keys, 8)}) — write ${cell} in the type cell`,
      );
    }
  }
  for (const u of ctx.untyped)
    if (u.items.type === 'unknown')
      ctx.sink.add(
        u.line,
        'warning',
        'untyped-array',
        `'${clip(u.name)}' is a bare 'array' with no element type; write array[string] or array[[*Model*](#Model)]`,
      );
}

/** The response example, parsed once: the older layout types bare fields from it, examplesOf checks it. */
function responseExample(doc: PageDoc): { code?: { text: string; line: number }; result: ReturnType<typeof parseResponseExample> } {
  const code = codeOf(sectionsOf(doc, 'responseExample'));
  return { ...(code ? { code } : {}), result: parseResponseExample(code?.text) };
}

/** The page's tables with their lines, for the example checks (example-types.ts). */
type Tables = Omit<ExampleCheckInput, 'requestExample' | 'responseExample'>;

function examplesOf(doc: PageDoc, action: string, tables: Tables, sink: Sink, resExample: ReturnType<typeof responseExample>): Examples | undefined {
  const out: Examples = {};
  const reqCode = codeOf(sectionsOf(doc, 'requestExample'));
  const req = parseRequestExample(reqCode?.text);
  if (req.problem !== undefined) sink.add(reqCode?.line ?? 0, 'warning', 'bad-example', req.problem);
  const check: ExampleCheckInput = { ...tables };
  if (req.value) {
    out.request = req.value;
    check.requestExample = { ...reqCode!, value: req.value };
    const exAction = req.value.Action;
    if (exAction !== undefined && exAction !== action)
      sink.add(reqCode!.line, 'warning', 'example-mismatch', `request example calls Action=${clip(exAction)}, the page documents ${action}`);
  }
  const { code: resCode, result: res } = resExample;
  if (res.problem !== undefined) sink.add(resCode?.line ?? 0, 'warning', 'bad-example', res.problem);
  if (res.value !== undefined) {
    out.response = res.value;
    check.responseExample = { ...resCode!, value: res.value };
    if (res.value !== null && typeof res.value === 'object' && !Array.isArray(res.value)) {
      const names = new Set(tables.response.map((f) => f.name));
      const extra = Object.keys(res.value).filter((k) => !names.has(k));
      if (extra.length > 0) sink.add(resCode!.line, 'warning', 'example-mismatch', `response example has fields not in the response table: ${clipList(extra)}`);
    }
  }
  for (const p of exampleProblems(check)) sink.add(p.line, 'warning', p.code, p.message);
  return out.request !== undefined || out.response !== undefined ? out : undefined;
}

function crossCheckAction(doc: PageDoc, action: string, sink: Sink): void {
  for (const row of tableRows(sectionsOf(doc, 'public'), new Sink(''))) {
    if (row.name !== 'Action') continue;
    const named = /`([A-Za-z0-9]+)`/.exec(row.description)?.[1];
    if (named !== undefined && named !== action)
      sink.add(row.line, 'warning', 'action-mismatch', `public parameters name the action '${clip(named)}' but the title says '${action}'; the title wins`);
  }
}

/**
 * Parse one page. `relPath` is docs-relative (POSIX), `product` the folder name without `-api`. Never throws:
 * a failure of the Markdown lexer is a `markdown-error` at the failing block, anything else an `internal-error`.
 */
export function parsePage(text: string, relPath: string, product: string, opts: ParseOptions = {}): PageResult {
  try {
    return parseText(text, relPath, product, opts);
  } catch (e) {
    return internalError(relPath, e);
  }
}

/** The page-level error for an unexpected exception (a bug): the page is skipped. */
export function internalError(relPath: string, e: unknown): PageResult {
  const what = clip((e instanceof Error ? e.message : String(e)).split('\n')[0] ?? '', 160);
  const message = `internal error while parsing (${what}); this is a bug in scloud-gen, please report it with this page`;
  return { skipped: 'error', diagnostics: [{ file: relPath, line: 1, col: 1, severity: 'error', code: 'internal-error', message }] };
}

function parseText(text: string, relPath: string, product: string, opts: ParseOptions): PageResult {
  const sink = new Sink(relPath);
  const base = opts.docsBaseUrl ?? DEFAULTS.docsBaseUrl;
  const doc = splitSections(text);
  if (doc.failure) {
    const { line, message } = doc.failure;
    sink.add(
      line,
      'error',
      'markdown-error',
      `the Markdown lexer failed on the block at line ${line} (${message}); simplify that block (less nesting, shorter lines) or split it`,
    );
    return { skipped: 'error', diagnostics: sink.list };
  }
  for (const line of doc.deepLines)
    sink.add(
      line,
      'warning',
      'deep-nesting',
      `blockquotes or lists nest more than ${MAX_NESTING} levels deep here; the deeper levels are read as plain text — flatten the nesting`,
    );
  const cls = classify(doc);
  if (cls.kind !== 'action') {
    sink.add(cls.titleLine, cls.kind === 'error' ? 'error' : 'info', cls.code ?? 'not-an-action', cls.reason ?? 'skipped');
    return { skipped: cls.kind === 'error' ? 'error' : 'not-an-action', diagnostics: sink.list, layout: cls.layout };
  }
  const action = cls.title!.action!;
  crossCheckAction(doc, action, sink);
  const modelNames = new Set(sectionsOf(doc, 'model').map((s) => s.name!));
  const ctx: RowContext = { base, older: cls.layout === 'older', models: modelNames, sink, skipPublic: false, untyped: [] };
  const reqTree = buildTree(namedRows(tableRows(sectionsOf(doc, 'request'), sink), { ...ctx, skipPublic: true }), true);
  const resTree = buildTree(namedRows(tableRows(sectionsOf(doc, 'response'), sink), ctx), false);
  sink.problems(reqTree.problems);
  sink.problems(resTree.problems);
  const defs = modelDefs(doc, ctx);
  const resExample = responseExample(doc);
  typeFromExample(ctx, resTree, defs, resExample.result.value);
  const resolved = resolveModels([reqTree, resTree], defs);
  sink.problems(resolved.problems);
  const folder = relPath.split('/')[0] ?? product;
  const page = (relPath.split('/').pop() ?? relPath).replace(/\.md$/i, '');
  const spec: ActionSpec = {
    action,
    product,
    title: cls.title!.title,
    summary: textOf(sectionsOf(doc, 'overview').length > 0 ? sectionsOf(doc, 'overview') : doc.sections.filter((s) => s.line === cls.titleLine), base),
    ...(cls.title!.status ? { status: cls.title!.status } : {}),
    source: relPath,
    docUrl: `${base.replace(/\/+$/, '')}/docs/api/${folder.endsWith('-api') ? folder : `${folder}-api`}/${page}`,
    idempotent: isIdempotent(action),
    request: reqTree.fields,
    response: resTree.fields,
    models: resolved.models,
  };
  let lines: string[] | undefined;
  const tables: Tables = {
    pageLines: () => (lines ??= text.split(/\r\n|\r|\n/)),
    request: spec.request,
    requestLines: reqTree.lines,
    response: spec.response,
    responseLines: resTree.lines,
    models: defs,
  };
  const examples = examplesOf(doc, action, tables, sink, resExample);
  if (examples) spec.examples = examples;
  const problems = validateSpec(spec);
  if (problems.length > 0) {
    sink.add(cls.titleLine, 'error', 'invalid-spec', `parsed spec does not match spec/schema.json: ${problems.slice(0, 3).join('; ')}`);
    return { skipped: 'error', diagnostics: sink.list, layout: cls.layout };
  }
  return { spec, diagnostics: sink.list, layout: cls.layout };
}
