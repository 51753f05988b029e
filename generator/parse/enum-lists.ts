/**
 * Reading one allowed-value list out of a piece of description text (the "region" after a trigger such as
 * `枚举值：`). Text is pre-normalised by enums.ts (full-width `：，；（）`, curly quotes and backticks replaced by
 * their ASCII forms, inline `>` bullets put on lines of their own), so meanings read back with ASCII punctuation.
 * The readers, in the order tried:
 * - bracketed `["a", "b"]` / `[a: 含义, b: 含义]`;
 * - arrows `A -> 含义；B => 含义`;
 * - value/meaning pairs `Year，按年付费；Month，按月付费` or `按年付费：Year；…` (one per line in a multi-line list);
 * - plain lists `a, b`, `a/b`, `a、b`, `a 或 b`, `"a" "b"`.
 * Each reader either explains the whole region (up to a trailing `默认…` clause) or reports it unreadable:
 * a half-read list is never returned.
 */

export interface Item {
  value: string;
  meaning?: string;
}

export interface ListRead {
  items: Item[];
  /** Typos read through (unbalanced quote, stray spaces): the list is kept, the doc should be fixed. */
  typos: string[];
}

/** Why a region could not be read as a list, or that it holds no list at all (prose: no complaint). */
export type ListFailure = { unreadable: string } | { none: true };

const CJK = '\\u3400-\\u9fff';
const BARE = '[A-Za-z0-9][A-Za-z0-9_.+-]*';
const BARE_RE = new RegExp(`^${BARE}$`);
/** A clause that ends a list: defaults and "empty means all" remarks. */
const TERMINATOR = /^(?:默认(?:值|为|是|:|\s*"|按|返回|与|使用|情况|不)|默认[A-Za-z0-9]+$|缺省|不填|不传|为空|若不传|如果不传|不选|若无此字段|未指定)/u;
const OPEN_END = /^(?:\.\.\.|…+|等|etc\.?)$/u;

/** `"x"` -> x, bare token -> itself; undefined for anything else. Quoted values may hold spaces and `/`. */
export function atomValue(raw: string, typos: string[]): string | undefined {
  const t = raw.trim().replace(/[.;]+$/u, '');
  const q = /^"([^"]*)"$/.exec(t);
  if (q) {
    const inner = q[1]!;
    if (!/^[\x20-\x7e]*$/.test(inner) || /[,;]/.test(inner) || (inner !== '' && !/[A-Za-z0-9]/.test(inner))) return undefined;
    if (inner !== inner.trim()) typos.push(`"${inner}" has spaces inside the quotes; read as "${inner.trim()}"`);
    return inner.trim();
  }
  if (BARE_RE.test(t)) return t;
  const half = /^"?([A-Za-z0-9][A-Za-z0-9_.+/-]*)"?$/.exec(t);
  if (half && t.includes('"')) {
    typos.push(`${t} has an unbalanced quote; read as "${half[1]}"`);
    return half[1]!;
  }
  return undefined;
}

function startsCjk(s: string): boolean {
  return new RegExp(`^[(\\[【${CJK}]`, 'u').test(s.trim());
}

function hasCjk(s: string): boolean {
  return new RegExp(`[${CJK}]`, 'u').test(s);
}

function cleanMeaning(s: string): string {
  return s
    .split(/[,;]\s*(?=默认|缺省|不填|不传|为空)/u)[0]!
    .trim()
    .replace(/^[,:;、\s]+|[,;。.、/\s]+$/gu, '')
    .trim();
}

type Pair = Item & { orient: 'vf' | 'mf' | 'both' | 'bare' };

const VALUE = `"[^"]*"|${BARE}`;
const VF = new RegExp(`^(${VALUE})\\s*(->|=>|=|:|,|-(?=\\s*[${CJK}])|\\s+(?=[(${CJK}])|(?<=^-?\\d+)(?=[${CJK}])|(?<=")(?=[${CJK}]))\\s*(.+)$`, 'su');
const MF = new RegExp(
  `^(.*?[^\\s,:])\\s*(?::|,|(?<=[${CJK})])\\s+)\\s*("[^"]*"|[A-Za-z][A-Za-z0-9_.+-]*(?: [A-Za-z][A-Za-z0-9_.+-]*)?|[0-9][A-Za-z0-9_.+-]*)$`,
  'su',
);
const GLUED = new RegExp(`^([A-Za-z][A-Za-z0-9_]+)(?=[${CJK}])(.+)$`, 'su');
const ASCII_WORDS = /^[A-Za-z0-9][A-Za-z0-9 _.+-]*$/;

/** One segment as `value + meaning`, `meaning + value`, or a bare value. */
function readPair(seg: string, typos: string[], strict: boolean): Pair | undefined {
  const s = seg
    .trim()
    .replace(/^(?:>|-|\*|•)\s*/u, '')
    .replace(/[;。]+$/u, '')
    .trim();
  const bare = atomValue(s, typos);
  if (bare !== undefined) return { value: bare, orient: 'bare' };
  const vf = VF.exec(s);
  const vfValue = vf ? atomValue(vf[1]!, typos) : undefined;
  if (vf && vfValue !== undefined) {
    const [sep, meaning] = [vf[2]!, vf[3]!];
    if (TERMINATOR.test(meaning)) return { value: vfValue, orient: 'bare' };
    const other = atomValue(meaning, []);
    if (other !== undefined && sep === ':') return { value: vfValue, meaning: other, orient: 'both' };
    if (strict && /^\s*$/.test(sep) && !new RegExp(`^[${CJK}]+$`, 'u').test(meaning.trim())) return undefined;
    const embedded = new RegExp(`(?:^|\\s)(?:${VALUE})\\s*:`).test(meaning);
    const commaOk = !/^"/.test(meaning) && !new RegExp(`^${BARE}\\s*(?:,|$)`).test(meaning);
    if (
      (!embedded && (sep === ',' ? commaOk && hasCjk(meaning) : hasCjk(meaning))) ||
      sep === '->' ||
      sep === '=>' ||
      (sep === ':' && ASCII_WORDS.test(meaning))
    )
      return { value: vfValue, meaning: cleanMeaning(meaning), orient: 'vf' };
  }
  const mf = MF.exec(s);
  if (mf && hasCjk(mf[1]!) && !/[:"]/.test(mf[1]!) && mf[1]!.length <= 40) {
    const raw = mf[2]!.trim();
    const value = /^[A-Za-z][A-Za-z0-9_.+-]* [A-Za-z][A-Za-z0-9_.+-]*$/.test(raw) ? raw : atomValue(raw, typos);
    if (value !== undefined) return { value, meaning: cleanMeaning(mf[1]!), orient: 'mf' };
  }
  return undefined;
}

/** `Spot计费为抢占式实例`: a value run into its meaning, accepted only as one line of a multi-line list. */
export function readGluedLine(line: string): Item | undefined {
  const glued = GLUED.exec(line.trim());
  return glued ? { value: glued[1]!, meaning: cleanMeaning(glued[2]!) } : undefined;
}

/** Where two pairs are run together without a separator (`ulb, 负载均衡器 upm: 物理机`, `0 禁用 1 启用`). */
const EMBEDDED = new RegExp(
  `(?<=[${CJK})])\\s+(?=(?:${VALUE})\\s*(?::|->|=>)\\s*\\S)|(?<=[${CJK})])\\s*[,、]\\s*(?=(?:${VALUE})\\s*(?::|->|=>))|(?<=[${CJK}])\\s+(?=-?\\d+\\s*[${CJK}])|(?<=[${CJK})])\\s*[,、]\\s*(?="[^"]*"\\s*[,:])`,
  'gu',
);
/** A sentence break inside a one-line list (`试用. 按小时付费…`): `.` + space, not a decimal point. */
const SENTENCE = '\u0001';

/** Split on the characters of `seps` outside double quotes and parentheses. */
function splitOutside(text: string, seps: string): string[] {
  const out: string[] = [];
  let inQuote = false;
  let depth = 0;
  let start = 0;
  const balanced = ((text.match(/"/g) ?? []).length & 1) === 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '"' && balanced) inQuote = !inQuote;
    else if (!inQuote && c === '(') depth++;
    else if (!inQuote && c === ')') depth = Math.max(0, depth - 1);
    else if (!inQuote && depth === 0 && (seps.includes(c) || c === SENTENCE)) {
      out.push(text.slice(start, i + (c === SENTENCE ? 1 : 0)));
      start = i + 1;
    }
  }
  out.push(text.slice(start));
  return out.map((x) => x.trim()).filter((x) => x !== '');
}

/**
 * A pair list. Segments are split on `;` (and `. `), then also on `,`, then also on `、`; the level that reads
 * the most pairs with every segment understood wins (so commas inside a meaning do not split it).
 */
export function readPairs(region: string, strict = false): ListRead | ListFailure {
  const text = region.replace(/(?<![0-9])\.(?=\s|$)/gu, SENTENCE);
  let best: ListRead | undefined;
  let failure: ListFailure | undefined;
  for (const seps of [';', ';,', ';,、']) {
    const segs = splitOutside(text, seps).flatMap((x) =>
      x
        .split(EMBEDDED)
        .map((y) => y.trim())
        .filter((y) => y !== ''),
    );
    if (segs.every((x) => TERMINATOR.test(x.replace(SENTENCE, '')) || atomValue(x.replace(SENTENCE, ''), []) !== undefined)) return { none: true };
    const r = pairSegments(segs, strict);
    if (r === undefined) continue;
    if ('items' in r) {
      if (best === undefined || r.items.length > best.items.length) best = r;
    } else failure ??= r;
  }
  return best ?? failure ?? { none: true };
}

function pairSegments(segs: string[], strict: boolean): ListRead | ListFailure | undefined {
  const typos: string[] = [];
  const pairs: Pair[] = [];
  let bad: string | undefined;
  let afterSentence = false;
  for (const raw of segs) {
    const seg = raw.replace(SENTENCE, '').trim();
    const p = TERMINATOR.test(seg) ? undefined : readPair(seg, typos, strict);
    if (p !== undefined) pairs.push(p);
    else if (afterSentence && pairs.length >= 2 && startsCjk(seg)) break;
    else if (!TERMINATOR.test(seg)) bad ??= seg;
    afterSentence = raw.endsWith(SENTENCE);
  }
  const withMeaning = pairs.filter((p) => p.orient === 'vf' || p.orient === 'mf').length;
  if (withMeaning === 0) return undefined;
  if (bad !== undefined) return { unreadable: `'${bad}' is not a value or a 'value: meaning' pair` };
  const bare = pairs.find((p) => p.orient === 'bare');
  if (bare !== undefined) return { unreadable: `'${bare.value}' has no meaning while the other values have one` };
  if (strict && pairs.some((p) => p.orient === 'vf') && pairs.some((p) => p.orient === 'mf'))
    return { unreadable: 'values come before their meanings in some pairs and after them in others' };
  return orient(pairs, typos);
}

/** `BGP: Bgp` reads either way: take the orientation of the other pairs of the list. */
function orient(pairs: Pair[], typos: string[]): ListRead | ListFailure {
  const vf = pairs.filter((p) => p.orient === 'vf').length;
  const mf = pairs.filter((p) => p.orient === 'mf').length;
  const items: Item[] = [];
  for (const p of pairs) {
    if (p.orient !== 'both') items.push(p.meaning === undefined || p.meaning === '' ? { value: p.value } : { value: p.value, meaning: p.meaning });
    else if (p.value === p.meaning) items.push({ value: p.value });
    else if (vf > mf) items.push({ value: p.value, meaning: p.meaning! });
    else if (mf > vf) items.push({ value: p.meaning!, meaning: p.value });
    else return { unreadable: `'${p.value}: ${p.meaning}' could be either a value or a meaning` };
  }
  return { items, typos };
}

/** `A -> 含义；B => 含义`: every `value ->` anchor starts an item, the text up to the next one is its meaning. */
export function readArrows(region: string): ListRead | ListFailure {
  const anchor = new RegExp(`(?:^|(?<=[\\s,;、(]))(${VALUE})\\s*(?:->|=>)`, 'gu');
  const hits = [...region.matchAll(anchor)];
  if (hits.length === 0) return { none: true };
  if (region.slice(0, hits[0]!.index).trim() !== '')
    return { unreadable: `'${region.slice(0, hits[0]!.index).trim()}' comes before the first 'value -> meaning'` };
  const typos: string[] = [];
  const items: Item[] = [];
  for (const [i, h] of hits.entries()) {
    const value = atomValue(h[1]!, typos);
    if (value === undefined) return { unreadable: `'${h[1]}' is not a value` };
    const end = i + 1 < hits.length ? hits[i + 1]!.index : region.length;
    const meaning = cleanMeaning(region.slice(h.index + h[0].length, end).split(/;\s*(?=默认|缺省)/u)[0]!);
    items.push(meaning === '' ? { value } : { value, meaning });
  }
  return { items, typos };
}

/** `a, b`, `a/b/c`, `a、b`, `a 或 b`, `"a" "b"`: values only, up to a trailing `默认…` or prose clause. */
export function readPlain(region: string): ListRead | ListFailure {
  const typos: string[] = [];
  const values: string[] = [];
  const items = splitOutside(region, ',;、');
  for (const [i, raw] of items.entries()) {
    const item = raw.replace(/\s*\([^)]*\)?\s*$/u, '').trim();
    const several = /^"([A-Za-z0-9_.+-]+(?:\s*,\s*[A-Za-z0-9_.+-]+)+)"$/.exec(item);
    if (several) {
      typos.push(
        `${item} puts several values inside one pair of quotes; read as ${several[1]!
          .split(/\s*,\s*/)
          .map((v) => `"${v}"`)
          .join(', ')}`,
      );
      values.push(...several[1]!.split(/\s*,\s*/));
      continue;
    }
    const parts = subParts(item);
    if (parts === undefined) return { unreadable: `${item} is ambiguous: a quoted value contains '/', which also separates the values` };
    const read = parts.map((p) => atomValue(p, typos));
    if (read.every((v) => v !== undefined)) {
      values.push(...read);
      continue;
    }
    if (OPEN_END.test(item)) return { unreadable: `the list ends with '${item}', so it is not every value; list them all` };
    if (values.length > 0 && (TERMINATOR.test(item) || startsCjk(item) || /^[A-Za-z]+[A-Za-z0-9]*[\u3400-\u9fff]/u.test(item))) break;
    if (i === 0 && !/["A-Za-z0-9]/.test(item.slice(0, 1))) return { none: true };
    return { unreadable: `'${item}' is not a value` };
  }
  if (values.length === 0) return { none: true };
  const open = items.find((s) => OPEN_END.test(s.trim()));
  if (open !== undefined) return { unreadable: `the list ends with '${open.trim()}', so it is not every value; list them all` };
  return { items: values.map((value) => ({ value })), typos };
}

/** One plain item split on `/`, `|`, `或(者)`, `与`, or spaces between quoted values; undefined when ambiguous. */
function subParts(item: string): string[] | undefined {
  if (/^"[^"]*"?$|^[^"]*"$/.test(item)) return [item];
  const quoted = item.match(/"[^"]*"/g) ?? [];
  const rest = item.replace(/"[^"]*"/g, '');
  if (quoted.length >= 2 && /^[\s/|或者与和]*$/u.test(rest)) {
    const parts = quoted;
    if (/\//.test(rest) && parts.some((p) => p.includes('/'))) return undefined;
    return parts;
  }
  return item.split(/\s*(?:\/|\||或者|或|与)\s*/u).filter((s) => s !== '');
}
