/**
 * Allowed values ("enum") of a field, from its description. Precision first: a list is taken only where the
 * wording makes it clear, because a wrong list is worse than none.
 *
 * 1. A trigger introduces the list: `枚举值`, `限定枚举值`, `枚举类型`, `枚举：`, `可选值`, `限定取值`, `取值`
 *    (not `取值范围`), `支持以下取值`, `可选` + a value, `Enum values:`, `Allowed values:`, `Valid values:`.
 *    The list runs to the end of the sentence (`。` or the line), or over the following lines when the
 *    trigger ends its line (`枚举值为：\n\n> Year，按年付费；\n\n> Month，按月付费`), or to the closing `]`.
 * 2. Without a trigger, only a sentence that is entirely a list of at least two `value：meaning` pairs
 *    (`Yes：开启，No：不开启，默认值：No`) or of at least two quoted values, and ends the description.
 * Ranges (`取值范围[1,100]`, `[1-65535]`), conditional lists (`当 X 为 "O" 时，支持以下取值`), example lists
 * (`如["N", "C"]`) and open lists (`a, b, ...`) are not value lists. A trigger followed by something that is
 * neither a list nor prose is reported as unreadable (lint shows it); typos that can be read through
 * (`"V100S",2080"`) keep the list and are reported as `enum-typo`.
 */
import type { TypeNode } from '../spec/model.js';
import { readArrows, readGluedLine, readPairs, readPlain, type Item, type ListFailure, type ListRead } from './enum-lists.js';

export interface EnumHint {
  /** The values, in doc order, without duplicates. */
  values: string[];
  /** Per-value meanings where the doc gives them (`Year：按年付费`). */
  meanings?: Record<string, string>;
  /** The field the list is written for when the wording names one right before the trigger (`Type 枚举值`). */
  subject?: string;
}

export interface EnumProblem {
  code: 'unreadable-enum' | 'enum-typo';
  message: string;
}

export interface EnumResult {
  hint?: EnumHint;
  problems: EnumProblem[];
}

/** Full-width punctuation and curly quotes -> ASCII, so one set of patterns reads both. */
const NORMALISE: Record<string, string> = {
  '：': ':',
  '，': ',',
  '；': ';',
  '（': '(',
  '）': ')',
  '“': '"',
  '”': '"',
  '„': '"',
  '″': '"',
  '`': '"',
  '［': '[',
  '］': ']',
  '｜': '|',
  '\u3000': ' ',
  '\u00a0': ' ',
};

function normalise(text: string): string {
  return text.replace(/[：，；（）“”„″`［］｜\u3000\u00a0]/gu, (c) => NORMALISE[c]!).replace(/(?<![-=])[ \t]*>(?=[ \t]*["A-Za-z0-9])/gu, '\n>');
}

const TRIGGER =
  /限定枚举值|枚举值|枚举类型|枚举(?=\s*[:为])|可选值|限定取值|支持以下取值|取值(?!范围)|可选(?=\s*["A-Za-z0-9])|\b(?:Enum(?:eration)?|Allowed|Valid|Possible) values?\b/giu;
const TRIGGER_TEST = new RegExp(TRIGGER.source, 'iu');
/** The list holds only under a condition (`当 X 为 "O" 时，支持以下取值`): not the field's allowed values. */
const CONDITIONAL = /当(?!前)|若|如果|时\s*[,:]|时\s*$/u;
const WEAK = new Set(['取值', '可选']);
const LEAD = /^(?:\s|[:,])*(?:为|是|包括|有|如下|如下所示)?(?:\s|[:,])*/u;
const RANGE = /^\[?\s*[-+]?\d+(?:\.\d+)?\s*(?:-|~|–|,|到|至)\s*[-+]?\d+(?:\.\d+)?\s*\]?|^(?:为)?\d+(?:~|-)\d+|^为?\s*\d+的倍数|^(?:需|与|时|规则|长度)/u;

/**
 * Longest description read for a list: real ones stay under 1.5k characters; the readers try several clause
 * starts, so an unbounded input could cost quadratic time. A longer description is reported and not read.
 */
const MAX_LENGTH = 4_000;
/** Results by description: the same descriptions (Region, Zone, Limit, RetCode...) recur on most pages. */
const memo = new Map<string, EnumResult>();
const MEMO_SIZE = 20_000;

/** Extract the allowed values of one description. Never throws; linear in its length (it reads at most 4k characters). */
export function extractEnum(description: string): EnumResult {
  const known = memo.get(description);
  if (known !== undefined) return known;
  const r = extractUncached(description);
  if (memo.size >= MEMO_SIZE) memo.clear();
  memo.set(description, r);
  return r;
}

function extractUncached(description: string): EnumResult {
  if (description.length > MAX_LENGTH) {
    if (!TRIGGER_TEST.test(description)) return { problems: [] };
    return {
      problems: [
        {
          code: 'unreadable-enum',
          message: `the description is ${description.length} characters long, over the ${MAX_LENGTH} read for allowed values; shorten it or move the list to an overlay`,
        },
      ],
    };
  }
  const text = normalise(description);
  const problems: EnumProblem[] = [];
  const lists: { read: ListRead; subject?: string }[] = [];
  for (const m of text.matchAll(TRIGGER)) {
    const r = readAfterTrigger(text, m.index, m[0]);
    if (r === undefined) continue;
    if ('unreadable' in r)
      problems.push({
        code: 'unreadable-enum',
        message: `allowed values after '${m[0]}' cannot be read: ${r.unreadable}; write them as \`枚举值：A，B\` or \`A：含义；B：含义\``,
      });
    else if ('read' in r) lists.push(r);
  }
  if (lists.length === 0 && problems.length === 0) {
    const loose = looseList(text);
    if (loose) lists.push({ read: loose });
  }
  const distinct = new Map(lists.map((l) => [l.read.items.map((i) => i.value).join('\u0000'), l]));
  if (distinct.size > 1) {
    problems.push({ code: 'unreadable-enum', message: `the description gives ${distinct.size} different allowed-value lists; keep one list per field` });
    return { problems };
  }
  const [only] = distinct.values();
  if (only === undefined) return { problems };
  for (const t of only.read.typos) problems.push({ code: 'enum-typo', message: `allowed-value list has a typo: ${t}; fix the quotes in the doc` });
  return { hint: toHint(only.read.items, only.subject), problems };
}

function toHint(items: Item[], subject: string | undefined): EnumHint {
  const values: string[] = [];
  const meanings: Record<string, string> = {};
  for (const it of items) {
    if (values.includes(it.value)) continue;
    values.push(it.value);
    if (it.meaning !== undefined && it.meaning !== '') meanings[it.value] = it.meaning;
  }
  const hint: EnumHint = { values };
  if (Object.keys(meanings).length > 0) hint.meanings = meanings;
  if (subject !== undefined) hint.subject = subject;
  return hint;
}

type AfterTrigger = { read: ListRead; subject?: string } | { unreadable: string } | undefined;

function readAfterTrigger(text: string, at: number, trigger: string): AfterTrigger {
  const sentenceStart = Math.max(text.lastIndexOf('。', at), text.lastIndexOf('\n', at), text.lastIndexOf(';', at)) + 1;
  const before = text.slice(sentenceStart, at);
  if (CONDITIONAL.test(before) || /如\s*$|例如|比如/u.test(before)) return undefined;
  const lead = LEAD.exec(text.slice(at + trigger.length))![0];
  const start = at + trigger.length + lead.length;
  const rest = text.slice(start);
  if (RANGE.test(rest)) return undefined;
  const subject = /(?:^|[^A-Za-z0-9_.])([A-Za-z][A-Za-z0-9_]*)\s*的?\s*$/u.exec(before)?.[1];
  const multiLine = /\n/.test(lead) || rest.startsWith('\n');
  const region = multiLine ? linesRegion(rest) : lineRegion(rest);
  if (region === undefined) return undefined;
  const weak = WEAK.has(trigger);
  if (weak && /^"?[^",;]*"?\s*时/u.test(rest)) return undefined;
  const r = region.lines ? readLines(region.lines) : readRegion(region.text);
  if ('none' in r) {
    const shown = region.text ?? region.lines.join(' ');
    return weak || !/["A-Za-z0-9]/.test(shown) ? undefined : { unreadable: `'${shown.slice(0, 60)}' is neither a list of values nor 'value: meaning' pairs` };
  }
  if ('unreadable' in r) return weak ? undefined : r;
  if (weak && r.items.length < 2) return undefined;
  if (region.unclosed === true) r.typos.push(`'[' is not closed before the end of the sentence; read up to there`);
  return subject !== undefined ? { read: r, subject } : { read: r };
}

/** The rest of the sentence: up to `。`, a line break, or the closing bracket of a bracketed list. */
function lineRegion(rest: string): { text: string; lines?: undefined; unclosed?: boolean } | undefined {
  if (rest.startsWith('[')) {
    const close = rest.indexOf(']');
    const stop = rest.search(/[。\n]/u);
    if (close >= 0 && (stop < 0 || close < stop)) return { text: rest.slice(0, close + 1) };
    return { text: `${rest.slice(0, stop < 0 ? rest.length : stop)}]`, unclosed: true };
  }
  const end = rest.search(/[。\n]/u);
  const text = (end < 0 ? rest : rest.slice(0, end)).trim();
  return text === '' ? undefined : { text };
}

/** A list laid out one value per line: `> A，含义` lines, `- A：含义` lines or plain lines, blank lines between. */
function linesRegion(rest: string): { lines: string[]; text?: undefined; unclosed?: undefined } | undefined {
  const all = rest.split('\n').map((l) => l.trim());
  const lines: string[] = [];
  let bulleted: boolean | undefined;
  for (const line of all) {
    if (line === '') continue;
    const isBullet = /^(?:>|-\s|\*\s|•)/u.test(line);
    bulleted ??= isBullet;
    if (bulleted && !isBullet) break;
    lines.push(line.replace(/^(?:>|-|\*|•)\s*/u, ''));
  }
  return lines.length === 0 ? undefined : { lines };
}

/** Read a one-line region with the first reader that recognises it. */
function readRegion(text: string): ListRead | ListFailure {
  if (text.startsWith('[')) {
    const r = readRegion(text.slice(1, -1).replace(/[,;、]\s*$/u, ''));
    return r;
  }
  if (/->|=>/.test(text)) return readArrows(text);
  const pairs = readPairs(text);
  if (!('none' in pairs)) return pairs;
  return readPlain(text);
}

/** Each line one value (or pair); a trailing `默认…` line or prose after two values ends the list. */
function readLines(lines: string[]): ListRead | ListFailure {
  const items: Item[] = [];
  const typos: string[] = [];
  for (const line of lines) {
    const l = line.replace(/[;。]+$/u, '').trim();
    if (/^(?:默认|缺省)/u.test(l)) break;
    const r = readRegion(l);
    if ('items' in r && r.items.length === 1) {
      items.push(r.items[0]!);
      typos.push(...r.typos);
      continue;
    }
    const glued = readGluedLine(l);
    if (glued !== undefined && items.length > 0) {
      items.push(glued);
      continue;
    }
    if (items.length >= 2 && /^[\u3400-\u9fff]/u.test(l)) break;
    if ('unreadable' in r) return r;
    return items.length === 0 ? { none: true } : { unreadable: `line '${l}' is not a value or a 'value: meaning' pair` };
  }
  return items.length < 2 ? { none: true } : { items, typos };
}

/** No trigger: a last sentence that is only `value: meaning` pairs (2+) or only quoted values (2+). */
function looseList(text: string): ListRead | undefined {
  const sentences = text
    .split(/[。\n]/u)
    .map((s) => s.trim())
    .filter((s) => s !== '');
  const last = sentences.filter((s) => !/^\(.*\)$/u.test(s)).pop();
  if (last === undefined || /如|例如|比如|e\.g\.|such as/iu.test(last)) return undefined;
  const inParens = /\(([^()]*)\)$/u.exec(last)?.[1];
  for (const body of inParens === undefined ? [last] : [inParens, last]) {
    const r = listIn(body);
    if (r !== undefined) return r;
  }
  return undefined;
}

/** The first clause of `body` (from its start or after a `,` `:` `(` `[`) that is wholly a loose list. */
function listIn(body: string): ListRead | undefined {
  const starts = [0, ...[...body.matchAll(/[,:([]/gu)].map((m) => m.index + 1)];
  for (const s of starts) {
    const head = body.slice(0, s);
    if (CONDITIONAL.test(head) || /(?:^|[\s,;:(])(?:"[^"]*"|-?\d+)(?=[\s,;:)]|[\u3400-\u9fff])|[A-Za-z0-9]\s*:\s*[\u3400-\u9fff"]/u.test(head)) break;
    const clause = body
      .slice(s)
      .replace(/^\s*\[(.*)\]\s*$/u, '$1')
      .trim();
    const r = readPairs(clause, true);
    const distinct = 'items' in r ? new Set(r.items.map((i) => i.value)).size : 0;
    if ('items' in r && distinct >= 2 && r.typos.length === 0 && r.items.every((i) => i.meaning !== undefined)) return r;
    const plain = readPlain(clause);
    if ('items' in plain && plain.items.length >= 2 && /^"/.test(clause) && clause.replace(/"[^"]*"/g, '').replace(/[\s,、/]|或者|或/gu, '') === '')
      return plain;
  }
  return undefined;
}

/**
 * The values as the field's type allows: strings for string fields, numbers for integer/number fields (all
 * values must parse), the items' type for arrays; booleans, objects and models take none.
 */
export function fitEnum(values: string[], node: TypeNode): { values?: string[]; problem?: string } {
  let t: TypeNode = node;
  while (t.type === 'array' && t.items) t = t.items;
  if (t.type === 'string') return { values: [...values] };
  if (t.type === 'integer' || t.type === 'number') {
    const re = t.type === 'integer' ? /^-?\d+$/ : /^-?\d+(?:\.\d+)?$/;
    const bad = values.filter((v) => !re.test(v));
    if (bad.length === 0) return { values: [...values] };
    return {
      problem: `allowed values ${bad.map((v) => `'${v}'`).join(', ')} are not ${t.type === 'integer' ? 'integers' : 'numbers'} but the field is typed ${t.type}; fix the type or the list`,
    };
  }
  return {};
}
