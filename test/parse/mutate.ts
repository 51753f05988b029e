/** Mutations of page bytes for the fuzz suite: each is a small, printable descriptor applied by `apply`. */
import fc from 'fast-check';

const PIECES = [
  '|',
  '\\|',
  '||',
  '**',
  '*',
  '_',
  '`',
  '```',
  '~~~',
  '#',
  '## ',
  '### 请求参数',
  '### 响应字段',
  '#### M',
  '- ',
  '> ',
  '1. ',
  '[*M*](#M)',
  'array',
  'object',
  'array[',
  ']',
  '.N',
  '.',
  '<br>',
  '<div>',
  '【新】',
  '【',
  '】',
  '(',
  '（',
  '{',
  '}',
  ',',
  '暂无',
  '\t',
  '\u00a0',
  '\uFEFF',
  'constructor',
  '__proto__',
  '- Act',
  '枚举值：',
  '默认值为',
];
const HUGE = [...'[]()*_`|<>#\\!-=~ \t>a', '中', '【', '&', '{', '"'];

export type Mutation =
  | { op: 'flip'; at: number; mask: number }
  | { op: 'truncate'; at: number }
  | { op: 'dupLines' | 'delLines'; at: number; n: number }
  | { op: 'pipes'; at: number; n: number; seed: number }
  | { op: 'piece'; at: number; piece: string }
  | { op: 'huge'; at: number; char: string; n: number }
  | { op: 'nest'; at: number; kind: 'quote' | 'list' | 'stairs' | 'emphasis' | 'brackets' | 'mixed'; n: number }
  | { op: 'bytes'; at: number; bytes: number[] }
  | { op: 'eol'; style: 'crlf' | 'cr' | 'some'; seed: number };

const at = fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true });
/** Mostly small, sometimes up to 1 MB. */
const size = fc.oneof(
  { weight: 8, arbitrary: fc.integer({ min: 1, max: 4096 }) },
  { weight: 2, arbitrary: fc.integer({ min: 4096, max: 65536 }) },
  { weight: 1, arbitrary: fc.integer({ min: 65536, max: 1 << 20 }) },
);

export const byteLevel: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ op: fc.constant('flip' as const), at, mask: fc.integer({ min: 1, max: 255 }) }),
  fc.record({ op: fc.constant('truncate' as const), at }),
  fc.record({
    op: fc.constant('bytes' as const),
    at,
    bytes: fc.array(fc.oneof(fc.integer({ min: 0x80, max: 0xff }), fc.constant(0), fc.integer({ min: 0, max: 0xff })), { minLength: 1, maxLength: 8 }),
  }),
  fc.record({ op: fc.constant('eol' as const), style: fc.constantFrom('crlf' as const, 'cr' as const, 'some' as const), seed: fc.nat() }),
);
export const lineLevel: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ op: fc.constantFrom('dupLines' as const, 'delLines' as const), at, n: fc.integer({ min: 1, max: 40 }) }),
  fc.record({ op: fc.constant('pipes' as const), at, n: fc.integer({ min: 1, max: 12 }), seed: fc.nat() }),
  fc.record({ op: fc.constant('piece' as const), at, piece: fc.constantFrom(...PIECES) }),
);
export const pathological: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ op: fc.constant('huge' as const), at, char: fc.constantFrom(...HUGE), n: size }),
  fc.record({
    op: fc.constant('nest' as const),
    at,
    kind: fc.constantFrom('quote' as const, 'list' as const, 'stairs' as const, 'emphasis' as const, 'brackets' as const, 'mixed' as const),
    n: fc.integer({ min: 1, max: 20_000 }),
  }),
);

/** Byte offset of the start of the line nearest to the fraction `f` of the page. */
function lineStart(page: Buffer, f: number): number {
  const i = Math.floor(f * page.length);
  const nl = page.lastIndexOf(0x0a, i);
  return nl < 0 ? 0 : nl + 1;
}

function insertLine(page: Buffer, f: number, line: string): Buffer {
  const i = lineStart(page, f);
  return Buffer.concat([page.subarray(0, i), Buffer.from(`${line}\n`), page.subarray(i)]);
}

function nested(kind: Extract<Mutation, { op: 'nest' }>['kind'], n: number): string {
  switch (kind) {
    case 'quote':
      return `${'>'.repeat(n)} deep`;
    case 'list':
      return `${'- '.repeat(n)}deep`;
    case 'stairs':
      return Array.from({ length: Math.min(n, 400) }, (_, i) => `${'  '.repeat(i)}- item`).join('\n');
    case 'emphasis':
      return `${'*'.repeat(n)}x${'*'.repeat(n)} ${'_'.repeat(n)}y${'_'.repeat(n)}`;
    case 'brackets':
      return `${'['.repeat(n)}${'('.repeat(n)}`;
    case 'mixed':
      return '> - 1. * '.repeat(n);
  }
}

/** A small PRNG for the choices inside one mutation (the mutation's own seed keeps it replayable). */
function prng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => (s = (s * 1103515245 + 12345) >>> 0) / 2 ** 32;
}

/** `page` with the mutation `m` applied (a new buffer; `page` is not changed). */
export function apply(page: Buffer, m: Mutation): Buffer {
  switch (m.op) {
    case 'flip': {
      if (page.length === 0) return page;
      const out = Buffer.from(page);
      const i = Math.floor(m.at * out.length);
      out[i] = out[i]! ^ m.mask;
      return out;
    }
    case 'truncate':
      return page.subarray(0, Math.floor(m.at * page.length));
    case 'bytes': {
      const i = Math.floor(m.at * page.length);
      return Buffer.concat([page.subarray(0, i), Buffer.from(m.bytes), page.subarray(i)]);
    }
    case 'eol': {
      const rnd = prng(m.seed);
      const text = page.toString('latin1');
      const eol = m.style === 'crlf' ? () => '\r\n' : m.style === 'cr' ? () => '\r' : () => (rnd() < 0.5 ? '\r\n' : rnd() < 0.5 ? '\r' : '\n');
      return Buffer.from(text.replace(/\n/g, eol), 'latin1');
    }
    case 'dupLines':
    case 'delLines': {
      const i = lineStart(page, m.at);
      let j = i;
      for (let k = 0; k < m.n && j < page.length; k++) j = page.indexOf(0x0a, j) < 0 ? page.length : page.indexOf(0x0a, j) + 1;
      const mid = m.op === 'dupLines' ? [page.subarray(i, j), page.subarray(i, j)] : [];
      return Buffer.concat([page.subarray(0, i), ...mid, page.subarray(j)]);
    }
    case 'pipes': {
      const rnd = prng(m.seed);
      const lines = page.toString('latin1').split('\n');
      const tables = lines.map((l, i) => (l.trimStart().startsWith('|') ? i : -1)).filter((i) => i >= 0);
      const pick = tables.length > 0 ? tables : lines.map((_, i) => i);
      for (let k = 0; k < m.n; k++) {
        const li = pick[Math.floor(rnd() * pick.length)]!;
        const l = lines[li]!;
        const p = Math.floor(rnd() * (l.length + 1));
        lines[li] = l.slice(0, p) + (rnd() < 0.8 ? '|' : '\\|') + l.slice(p);
      }
      return Buffer.from(lines.join('\n'), 'latin1');
    }
    case 'piece': {
      const i = Math.floor(m.at * page.length);
      return Buffer.concat([page.subarray(0, i), Buffer.from(m.piece), page.subarray(i)]);
    }
    case 'huge':
      return insertLine(page, m.at, m.char.repeat(m.n));
    case 'nest':
      return insertLine(page, m.at, nested(m.kind, m.n));
  }
}
