/**
 * Examples: the request example (URL + `&Key=Value` lines, curl, or a JSON body; tolerant of `？`, `＝`,
 * stray spaces) and the response example (JSON, trailing commas repaired; `暂无` = none). Kept as examples only.
 */

export interface ExampleResult<T> {
  value?: T;
  problem?: string;
}

const NONE = /^\s*(?:暂无|无|none|n\/a)?\s*$/i;

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
  try {
    return { value: JSON.parse(out) as unknown };
  } catch (e) {
    return { problem: `response example is not JSON (${(e as Error).message.split('\n')[0]}); kept out of the spec` };
  }
}

function fromJsonBody(text: string): ExampleResult<Record<string, string>> {
  const r = parseLooseJson(text);
  if (r.problem !== undefined || r.value === null || typeof r.value !== 'object' || Array.isArray(r.value)) return { problem: 'request example body is not a JSON object; kept out of the spec' };
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(r.value as Record<string, unknown>)) out[k] = typeof v === 'string' ? v : JSON.stringify(v);
  return { value: out };
}

export function parseRequestExample(code: string | undefined): ExampleResult<Record<string, string>> {
  if (code === undefined || NONE.test(code)) return {};
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
  const query = (q >= 0 ? text.slice(q + 1) : text).replace(/\s*\n\s*/g, '').replace(/&nbsp;/g, ' ');
  const out: Record<string, string> = {};
  for (const part of query.split(/&(?=\s*[A-Za-z_][\w.\[\]-]*\s*=)/)) {
    const p = part.trim();
    if (p === '') continue;
    const eq = p.indexOf('=');
    if (eq < 0) return { problem: `request example part '${p.slice(0, 40)}' is not Key=Value; kept out of the spec` };
    const key = p.slice(0, eq).trim();
    if (!(key in out)) out[key] = p.slice(eq + 1).trim();
  }
  return Object.keys(out).length > 0 ? { value: out } : { problem: 'request example has no Key=Value parameters; kept out of the spec' };
}

export function parseResponseExample(code: string | undefined): ExampleResult<unknown> {
  if (code === undefined || NONE.test(code)) return {};
  return parseLooseJson(code.trim());
}

/** `Disks.0.Type` / `Disks.n.Type` -> `Disks.N.Type`, for comparing example keys with wire names. */
export function wireKey(name: string): string {
  return name.split('.').map((s) => (/^(?:n|\d+)$/i.test(s) ? 'N' : s)).join('.');
}
