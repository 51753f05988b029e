/**
 * Hand corrections: `spec/overrides/<product>/<Action>.yaml` holds a partial ActionSpec merged on top of the
 * parsed one. Scalars replace; `request`/`response`/`fields` merge by `name` (recursively); `models` by `name`.
 * An overlay entry naming a field that no longer exists (and is not a complete field) is reported as stale.
 */
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Document, LineCounter } from 'yaml';
import { yamlLib } from './yaml-lib.js';
import type { Diagnostic } from '../diagnostics.js';
import type { ActionSpec } from './model.js';
import { validateSpec } from './schema.js';

type Obj = Record<string, unknown>;

export interface Overlay {
  /** Overlay file path as given (for diagnostics). */
  file: string;
  product: string;
  action: string;
  value: Obj;
  /** Line and column (1-based) of the entry at a path of keys and indexes; the file's start when not found. */
  locate(path: readonly (string | number)[]): { line: number; col: number };
}

/** A stale entry: what is wrong, and where in the overlay it is. */
interface Stale {
  readonly message: string;
  readonly path: readonly (string | number)[];
}

function locator(doc: Document, lines: LineCounter): Overlay['locate'] {
  return (path) => {
    for (let n = path.length; n >= 0; n--) {
      const node: unknown = n === 0 ? doc.contents : doc.getIn(path.slice(0, n), true);
      if (yamlLib().isNode(node) && node.range !== undefined && node.range !== null) return lines.linePos(node.range[0]);
    }
    return { line: 1, col: 1 };
  };
}

function isObj(v: unknown): v is Obj {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function mergeNamed(base: unknown[], over: unknown[], where: string, stale: Stale[], path: readonly (string | number)[]): unknown[] {
  const out = base.map((b) => (isObj(b) ? { ...b } : b));
  over.forEach((o, index) => {
    if (!isObj(o) || typeof o.name !== 'string') {
      stale.push({ message: `${where}: entry without a 'name'`, path: [...path, index] });
      return;
    }
    const i = out.findIndex((b) => isObj(b) && b.name === o.name);
    if (i >= 0) out[i] = mergeObj(out[i] as Obj, o, `${where}.${o.name}`, stale, [...path, index]);
    else if (typeof o.type === 'string' || Array.isArray(o.fields)) out.push(o);
    else stale.push({ message: `${where}.${o.name} no longer exists`, path: [...path, index] });
  });
  return out;
}

function mergeObj(base: Obj, over: Obj, where: string, stale: Stale[], path: readonly (string | number)[]): Obj {
  const out: Obj = { ...base };
  for (const [k, v] of Object.entries(over)) {
    const b = out[k];
    if (Array.isArray(v) && Array.isArray(b) && ['request', 'response', 'fields', 'models'].includes(k))
      out[k] = mergeNamed(b, v, `${where}.${k}`, stale, [...path, k]);
    else if (isObj(v) && isObj(b) && k !== 'examples') out[k] = mergeObj(b, v, `${where}.${k}`, stale, [...path, k]);
    else if (v === null) delete out[k];
    else out[k] = v;
  }
  return out;
}

/** Merge one overlay; returns the merged spec (or the original when the result is invalid) and diagnostics. */
export function applyOverlay(spec: ActionSpec, overlay: Overlay): { spec: ActionSpec; diagnostics: Diagnostic[] } {
  const stale: Stale[] = [];
  const merged = mergeObj(spec as unknown as Obj, overlay.value, spec.action, stale, []);
  const diagnostics: Diagnostic[] = stale.map((s) => ({
    file: overlay.file,
    ...overlay.locate(s.path),
    severity: 'warning',
    code: 'stale-overlay',
    message: `${s.message}; update or remove this overlay entry`,
  }));
  const problems = validateSpec(merged);
  if (problems.length > 0) {
    diagnostics.push({
      file: overlay.file,
      ...overlay.locate([]),
      severity: 'error',
      code: 'invalid-overlay',
      message: `merged spec is invalid: ${problems.slice(0, 3).join('; ')}; overlay not applied`,
    });
    return { spec, diagnostics };
  }
  return { spec: merged as unknown as ActionSpec, diagnostics };
}

/** Read every `<dir>/<product>/<Action>.yaml`; unreadable files are error diagnostics. */
export async function readOverlays(dir: string): Promise<{ overlays: Overlay[]; diagnostics: Diagnostic[] }> {
  const overlays: Overlay[] = [];
  const diagnostics: Diagnostic[] = [];
  if (!existsSync(dir)) return { overlays, diagnostics };
  const products = (await readdir(dir, { withFileTypes: true }))
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort();
  for (const product of products) {
    for (const f of (await readdir(join(dir, product))).filter((n) => /\.ya?ml$/.test(n)).sort()) {
      const file = join(dir, product, f).split('\\').join('/');
      try {
        const { LineCounter: Lines, parseDocument } = yamlLib();
        const lines = new Lines();
        const doc = parseDocument(await readFile(join(dir, product, f), 'utf8'), { lineCounter: lines });
        const [error] = doc.errors;
        if (error !== undefined) {
          const at = error.linePos?.[0] ?? { line: 1, col: 1 };
          diagnostics.push({ file, ...at, severity: 'error', code: 'invalid-overlay', message: `${error.message.split('\n')[0]}; fix the YAML` });
          continue;
        }
        const value: unknown = doc.toJS();
        if (!isObj(value)) {
          diagnostics.push({
            file,
            line: 1,
            col: 1,
            severity: 'error',
            code: 'invalid-overlay',
            message: 'not a YAML mapping; an overlay is a partial action spec (summary:, request:, ...)',
          });
          continue;
        }
        overlays.push({ file, product, action: f.replace(/\.ya?ml$/, ''), value, locate: locator(doc, lines) });
      } catch (e) {
        diagnostics.push({
          file,
          line: 1,
          col: 1,
          severity: 'error',
          code: 'invalid-overlay',
          message: `${(e as Error).message.split('\n')[0]}; check that the file is readable`,
        });
      }
    }
  }
  return { overlays, diagnostics };
}
