/**
 * Examples: the request example (URL + `&Key=Value` lines, curl, or a JSON body; tolerant of `？`, `＝`,
 * stray spaces) and the response example (JSON, trailing commas repaired; `暂无` = none). Kept as examples only.
 */
import { clip } from './clip.js';

export interface ExampleResult<T> {
  value?: T;
  problem?: string;
}

const NONE = /^(?:暂无|无|none|n\/a)?$/i;
/** Deepest nesting of arrays/objects kept in a response example (the YAML writer and emitters recurse). */
const MAX_EXAMPLE_DEPTH = 64;

/** No example: empty, or a placeholder such as `暂无`. */
function isNone(code: string): boolean {
  return NONE.test(code.trim());
}

/** Newlines and the whitespace around them removed, in linear time (a regex for this is quadratic on long space runs). */
function joinLines(text: string): string {
  const lines = text.split('\n');
  return lines.map((l, i) => (i === 0 ? l.trimEnd() : i === lines.length - 1 ? l.trimStart() : l.trim())).join('');
}

/** Nesting depth of a parsed JSON value, without recursion. */
function jsonDepth(value: unknown): number {
  let deepest = 0;
  const stack: [unknown, number][] = [[value, 1]];
  while (stack.length > 0) {
    const [v, depth] = stack.pop()!;
    if (v === null || typeof v !== 'object') continue;
    deepest = Math.max(deepest, depth);
    for (const child of Object.values(v)) stack.push([child, depth + 1]);
  }
  return deepest;
}

function normaliseWidth(text: string): string {
  return text.replace(/？/g, '?').replace(/＝/g, '=').replace(/＆/g, '&');
}

/** Repair trailing commas before `}`/`]` outside strings, then JSON.parse. */
export function parseLooseJson(text: string): ExampleResult<unknown> {
  try {
    return { value: JSON.parse(text) as unknown };
  } catch {
    /* fall through to the trailing-comma repair */
  }
  try {
    return { value: JSON.parse(repairTrailingCommas(text)) as unknown };
  } catch (e) {
    return { problem: `response example is not JSON (${clip((e as Error).message.split('\n')[0] ?? '', 160)}); kept out of the spec` };
  }
}

/** `text` without the commas before a `}` or `]` (outside strings); lines are unchanged. */
export function repairTrailingCommas(text: string): string {
  let out = '';
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (inString) {
      out += c;
      if (c === '\\') out += text[++i] ?? '';
      else if (c === '"') inString = false;
      continue;
    }
    if (c === '"') inString = true;
    if (c === ',') {
      const rest = /^\s*([}\]])/.exec(text.slice(i + 1));
      if (rest) continue;
    }
    out += c;
  }
  return out;
}

function fromJsonBody(text: string): ExampleResult<Record<string, string>> {
  const r = parseLooseJson(text);
  if (r.problem !== undefined || r.value === null || typeof r.value !== 'object' || Array.isArray(r.value))
    return { problem: 'request example body is not a JSON object; kept out of the spec' };
  if (jsonDepth(r.value) > MAX_EXAMPLE_DEPTH) return { problem: `request example body nests deeper than ${MAX_EXAMPLE_DEPTH} levels; kept out of the spec` };
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(r.value as Record<string, unknown>)) out[k] = typeof v === 'string' ? v : JSON.stringify(v);
  return { value: out };
}

export function parseRequestExample(code: string | undefined): ExampleResult<Record<string, string>> {
  if (code === undefined || isNone(code)) return {};
  let text = normaliseWidth(code).trim();
  if (text.startsWith('curl')) {
    const body = /(?:-d|--data(?:-raw)?)\s+'([\s\S]*?)'/.exec(text);
    if (body) return body[1]!.trim().startsWith('{') ? fromJsonBody(body[1]!) : parseRequestExample(body[1]);
    const url = /['"]?(https?:\/\/[^\s'"]+)/.exec(text);
    if (!url) return { problem: 'curl request example has neither a URL nor a body; kept out of the spec' };
    text = url[1]!;
  }
  if (text.startsWith('{')) return fromJsonBody(text);
  const q = text.indexOf('?');
  const query = joinLines(q >= 0 ? text.slice(q + 1) : text).replace(/&nbsp;/g, ' ');
  const out: Record<string, string> = {};
  for (const part of query.split(/&(?=\s*[A-Za-z_][\w.[\]-]*\s*=)/)) {
    const p = part.trim();
    if (p === '') continue;
    const eq = p.indexOf('=');
    if (eq < 0) return { problem: `request example part '${clip(p, 40)}' is not Key=Value; kept out of the spec` };
    const key = p.slice(0, eq).trim();
    if (!(key in out)) out[key] = p.slice(eq + 1).trim();
  }
  return Object.keys(out).length > 0 ? { value: out } : { problem: 'request example has no Key=Value parameters; kept out of the spec' };
}

export function parseResponseExample(code: string | undefined): ExampleResult<unknown> {
  if (code === undefined || isNone(code)) return {};
  const r = parseLooseJson(code.trim());
  if (r.value !== undefined && jsonDepth(r.value) > MAX_EXAMPLE_DEPTH)
    return { problem: `response example nests deeper than ${MAX_EXAMPLE_DEPTH} levels; kept out of the spec` };
  return r;
}

/** `Disks.0.Type` / `Disks.n.Type` -> `Disks.N.Type`, for comparing example keys with wire names. */
export function wireKey(name: string): string {
  return name
    .split('.')
    .map((s) => (/^(?:n|\d+)$/i.test(s) ? 'N' : s))
    .join('.');
}
