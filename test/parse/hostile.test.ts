/**
 * Hostile pages (issue 9): every punctuation character (and a few others) as a 1 MB line, a 1 MB table cell
 * and 1 MB of lines parse in linear time; deep nesting, huge names and types, floods of rows and a failing
 * Markdown lexer are diagnostics at a line, never exceptions.
 */
import { Lexer } from 'marked';
import { describe, expect, it, vi } from 'vitest';
import { parsePage } from '../../generator/parse/docs.js';
import { cleanDescription } from '../../generator/parse/description.js';
import { MAX_NESTING } from '../../generator/parse/nesting.js';
import { serializeSpec } from '../../generator/spec/io.js';
import type { PageResult } from '../../generator/parse/docs.js';
import { PAGE_MS, problemsOf, timed } from './checks.js';

const MB = 1 << 20;
const expectSane = (r: PageResult, text: string): void => expect(problemsOf(r, text)).toEqual([]);
const PUNCTUATION = [...'!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~'];
const CHARS = [...PUNCTUATION, ' ', '\t', 'a', '中'];
const TABLE = '| 参数名 | 类型 | 描述信息 | 必填 |\n|:---|:---|:---|:---|\n';
const page = (overview: string, cell = '地域'): string =>
  `# 标题 - DoThing\n\n## 简介\n\n${overview}\n\n### 请求参数\n\n${TABLE}| Region | string | ${cell} | Yes |\n`;

/** Bounds: a 1 MB line parses in ~0.05-0.2 s here and 1 MB of lines (up to 512k blocks) in ~0.3-1 s. */
const LINE_MS = 1000;
const LINES_MS = 2500;

const SHAPES: [string, (c: string) => string, number][] = [
  ['a 1 MB line', (c) => page(`text ${c.repeat(MB)} end`), LINE_MS],
  ['a 1 MB table cell', (c) => page('text', `x${c.repeat(MB)}y`), LINE_MS],
  ['1 MB of lines', (c) => page(`text\n\n${`${c}\n`.repeat(MB / 2)}`), LINES_MS],
];

describe.each(SHAPES)('%s of one character', (_shape, make, bound) => {
  it.each(CHARS.map((c) => [JSON.stringify(c), c]))('%s: linear time, no exception, sane diagnostics', (_n, c) => {
    const text = make(c);
    const { value: r, ms } = timed(() => parsePage(text, 'p-api/page.md', 'p'), bound / 2);
    expect(ms, `parsePage took ${ms.toFixed(0)} ms`).toBeLessThan(bound);
    expectSane(r, text);
    expect(r.spec?.action).toBe('DoThing');
    expect(r.spec?.request.map((f) => f.name)).toEqual(['Region']);
  });
});

describe('findings of issue 9', () => {
  it('a 64k-`[` line (4.2 s before) and 200k `[` (34 s before) clean in linear time, unchanged', () => {
    for (const n of [64_000, 200_000]) {
      const text = '['.repeat(n);
      const { value, ms } = timed(() => cleanDescription(text, 'https://d.example'), 100);
      expect(ms).toBeLessThan(200);
      expect(value).toBe(text);
    }
  });
  it('links still resolve around hostile brackets', () => {
    const text = `${'[a]('.repeat(1000)} [x](uhost/a.md) [y [z](b.md) [w](c d)`;
    const out = cleanDescription(text, 'https://d.example');
    expect(out.endsWith(' [x](https://d.example/docs/uhost/a.md) [y [z](https://d.example/docs/b.md) [w](c d)')).toBe(true);
  });
  it('5,000 `*`, x, 5,000 `*` (a stack overflow before, internal-error at line 0) parses', () => {
    const stars = `${'*'.repeat(5000)}x${'*'.repeat(5000)}`;
    const text = page(stars);
    const r = parsePage(text, 'p-api/page.md', 'p');
    expectSane(r, text);
    expect(r.diagnostics).toEqual([]);
    expect(r.spec?.summary).toBe(stars);
  });
  it('blockquotes nested 1M deep on one line: cut at MAX_NESTING with a warning at that line', () => {
    const text = page(`text\n\n${'>'.repeat(MB)} deep`);
    const { value: r, ms } = timed(() => parsePage(text, 'p-api/page.md', 'p'), LINE_MS / 2);
    expect(ms).toBeLessThan(LINE_MS);
    expectSane(r, text);
    expect(r.diagnostics.map((d) => `${d.line} ${d.code}`)).toEqual(['7 deep-nesting']);
    expect(r.diagnostics[0]!.message).toContain(`more than ${MAX_NESTING} levels`);
    expect(r.spec?.request.map((f) => f.name)).toEqual(['Region']);
  });
  it.each([
    ['13k list markers', `${'- '.repeat(13_449)}deep`],
    ['1M `>`', '>'.repeat(MB)],
    ['mixed markers', '> 1. * + '.repeat(20_000)],
  ])("%s on a line, then a lazy continuation line (fuzz: 24 s in marked's list tokenizer): markers capped", (_n, line) => {
    const text = page(`text\n\n${line}\nlazy line\n\nafter`);
    // A lazy line makes marked re-lex each of the MAX_NESTING levels: ~0.3 s for the 1 MB line here.
    const { value: r, ms } = timed(() => parsePage(text, 'p-api/page.md', 'p'), LINES_MS / 2);
    expect(ms).toBeLessThan(LINES_MS);
    expectSane(r, text);
    expect(r.diagnostics.map((d) => `${d.line} ${d.code}`)).toEqual(['7 deep-nesting']);
  });
  it('the shape of fuzz seed 1163943120 (a 905k `>` line, then a paragraph line) parses within the fuzz bound (the fuzz page took 1.03 s at 16 levels; 0.23 s at 8)', () => {
    const emphasis = (n: number): string => `${'*'.repeat(n)}x${'*'.repeat(n)} ${'_'.repeat(n)}y${'_'.repeat(n)}`;
    const text = page(`text\n\n${'- '.repeat(10_830)}deep\n${emphasis(18_404)}\n${'>'.repeat(905_389)}\n${emphasis(11_387)}\n\nafter`);
    const { value: r, ms } = timed(() => parsePage(text, 'p-api/page.md', 'p'), PAGE_MS / 2);
    expect(ms).toBeLessThan(PAGE_MS);
    expectSane(r, text);
  });
  it('a thematic break of 40 `- ` is not a run of markers', () => {
    const r = parsePage(page(`text\n\n${'- '.repeat(40)}\n\nafter`), 'p-api/page.md', 'p');
    expect(r.diagnostics).toEqual([]);
  });
  it('lists nested by indentation: the warning names the first line past MAX_NESTING', () => {
    const stairs = Array.from({ length: 60 }, (_, i) => `${'  '.repeat(i)}- item ${i}`).join('\n');
    const text = page(`text\n\n${stairs}`);
    const r = parsePage(text, 'p-api/page.md', 'p');
    expectSane(r, text);
    expect(r.diagnostics.map((d) => `${d.line} ${d.code}`)).toEqual([`${7 + MAX_NESTING} deep-nesting`]);
  });
  it('mixed `> - > -` nesting and shallow nesting: cut only when deeper than MAX_NESTING', () => {
    const shallow = page(`text\n\n${'> - '.repeat(MAX_NESTING / 2)}ok`);
    expect(parsePage(shallow, 'p-api/page.md', 'p').diagnostics).toEqual([]);
    const deep = page(`text\n\n${'> - '.repeat(MAX_NESTING)}deep\n\n> fine`);
    expect(parsePage(deep, 'p-api/page.md', 'p').diagnostics.map((d) => `${d.line} ${d.code}`)).toEqual(['7 deep-nesting']);
  });
});

describe('a failing Markdown lexer', () => {
  it('is a markdown-error naming the block that fails on its own, not an exception', () => {
    const original = Lexer.prototype.blockTokens;
    const spy = vi.spyOn(Lexer.prototype, 'blockTokens').mockImplementation(function (this: Lexer, src: string, ...rest: never[]) {
      if (src.includes('BOOM')) throw new RangeError('Maximum call stack size exceeded');
      return original.call(this, src, ...rest);
    } as typeof original);
    try {
      const text = page('text\n\nmore text\nBOOM here\n\nafter');
      const r = parsePage(text, 'p-api/page.md', 'p');
      expectSane(r, text);
      expect(r.skipped).toBe('error');
      expect(r.diagnostics).toEqual([
        expect.objectContaining({
          line: 7,
          col: 1,
          severity: 'error',
          code: 'markdown-error',
          message: expect.stringMatching(/block at line 7 \(Maximum call stack size exceeded\); simplify that block/),
        }),
      ]);
    } finally {
      spy.mockRestore();
    }
  });
  it('points at line 1 when no single block fails', () => {
    let calls = 0;
    const original = Lexer.prototype.blockTokens;
    const spy = vi.spyOn(Lexer.prototype, 'blockTokens').mockImplementation(function (this: Lexer, src: string, ...rest: never[]) {
      if (calls++ === 0) throw new Error('odd failure');
      return original.call(this, src, ...rest);
    } as typeof original);
    try {
      const r = parsePage(page('text'), 'p-api/page.md', 'p');
      expect(r.diagnostics.map((d) => `${d.line} ${d.code}`)).toEqual(['1 markdown-error']);
    } finally {
      spy.mockRestore();
    }
  });
  it('anything else that throws is an internal-error of the page', () => {
    const r = parsePage(null as unknown as string, 'p-api/page.md', 'p');
    expect(r).toMatchObject({ skipped: 'error', diagnostics: [{ line: 1, col: 1, severity: 'error', code: 'internal-error' }] });
  });
});

describe('huge names, types, examples and floods stay linear and bounded', () => {
  const row = (name: string, type = 'string', desc = 'd'): string => `| ${name} | ${type} | ${desc} | No |\n`;
  const withRows = (rows: string, extra = ''): string => `# 标题 - DoThing\n\n### 请求参数\n\n${TABLE}${rows}\n${extra}`;

  it.each([
    ['a name of 300k segments', withRows(row('a.'.repeat(300_000) + 'b')), 'bad-name'],
    ['a name of 300k array indices', withRows(row(`a${'.N'.repeat(300_000)}`)), 'bad-name'],
    ['a type nested 200k deep', withRows(row('A', `${'array['.repeat(200_000)}string${']'.repeat(200_000)}`)), 'unknown-type'],
    ['a type of 300k `[]`', withRows(row('A', `string${'[]'.repeat(300_000)}`)), 'unknown-type'],
    ['a 1 MB description with hint words', withRows(row('A', 'string', '枚举值['.repeat(MB / 8))), 'long-description'],
    ['a model link to a 1 MB name', withRows(row('A', `[*${'M'.repeat(MB)}*](#M)`)), 'missing-model'],
  ])('%s', (_n, text, code) => {
    const { value: r, ms } = timed(() => parsePage(text, 'p-api/page.md', 'p'), LINE_MS / 2);
    expect(ms).toBeLessThan(LINE_MS);
    expectSane(r, text);
    expect(r.diagnostics.map((d) => d.code)).toContain(code);
    expect(() => serializeSpec(r.spec!)).not.toThrow();
  });
  it('150k rows of one name: one warning each, no argument-spread overflow (push(...rows) throws past ~120k)', () => {
    const text = withRows(row('A').repeat(150_000));
    const { value: r, ms } = timed(() => parsePage(text, 'p-api/page.md', 'p'), LINES_MS / 2);
    expect(ms).toBeLessThan(LINES_MS);
    expectSane(r, text);
    expect(r.diagnostics.length).toBe(149_999);
    expect(r.diagnostics[0]).toMatchObject({ line: 8, code: 'duplicate-param' });
  });
  it('10k model sections and bare arrays in the older layout (one regex per row and model before: 10^8 tests)', () => {
    const models = Array.from({ length: 10_000 }, (_, i) => `## M${i}\n\n| Name | Type | Description |\n|---|---|---|\n| F | string | f |\n`).join('\n');
    const rows = Array.from({ length: 10_000 }, (_, i) => `| A${i} | array | of M${i} and M${i + 1} |\n`).join('');
    const text = `# 标题 - DoThing\n\n# Response Elements\n\n| Name | Type | Description |\n|---|---|---|\n${rows}\n${models}`;
    const { value: r, ms } = timed(() => parsePage(text, 'p-api/page.md', 'p'), LINES_MS / 2);
    expect(ms).toBeLessThan(LINES_MS);
    expectSane(r, text);
    expect(r.spec?.response).toHaveLength(10_000);
  });
  it.each([
    ['response', `### 响应示例\n\n\`\`\`json\n${'['.repeat(100_000)}${']'.repeat(100_000)}\n\`\`\`\n`],
    ['request body', `### 请求示例\n\n\`\`\`\n{"A": ${'['.repeat(100_000)}${']'.repeat(100_000)}}\n\`\`\`\n`],
  ])('a %s example nested 100k deep is left out (JSON.stringify and the YAML writer recurse)', (_n, example) => {
    const text = withRows(row('A'), example);
    const r = parsePage(text, 'p-api/page.md', 'p');
    expectSane(r, text);
    expect(r.diagnostics.map((d) => d.code)).toEqual(['bad-example']);
    expect(r.diagnostics[0]!.message).toMatch(/nests deeper than 64 levels; kept out of the spec/);
    expect(r.spec?.examples).toBeUndefined();
  });
  it('examples with 100k keys, 1 MB of spaces and 1 MB of `-d `', () => {
    const keys = Object.fromEntries(Array.from({ length: 100_000 }, (_, i) => [`K${i}`, i]));
    for (const ex of [
      `### 响应示例\n\n\`\`\`json\n${JSON.stringify(keys)}\n\`\`\`\n`,
      `### 请求示例\n\n\`\`\`\nhttps://api.example/?Action=DoThing&A=${' '.repeat(MB)}x\n\`\`\`\n`,
      `### 请求示例\n\n\`\`\`\n${' '.repeat(MB)}x\n\`\`\`\n`,
      `### 请求示例\n\n\`\`\`\ncurl ${'-d '.repeat(MB / 3)}\n\`\`\`\n`,
      `### 请求示例\n\n\`\`\`\n${'&a='.repeat(MB / 3)}\n\`\`\`\n`,
    ]) {
      const text = withRows(row('A'), ex);
      const { value: r, ms } = timed(() => parsePage(text, 'p-api/page.md', 'p'), LINE_MS / 2);
      expect(ms).toBeLessThan(LINE_MS);
      expectSane(r, text);
    }
  });
  it('a title of 1M `【` and of 1M `(` headings', () => {
    for (const text of [
      `# ${'【'.repeat(MB)} - DoThing\n\n### 请求参数\n\n${TABLE}${row('A')}`,
      `# T - DoThing\n\n### 请求参数${'('.repeat(MB)}\n\n${TABLE}${row('A')}`,
    ]) {
      const { value: r, ms } = timed(() => parsePage(text, 'p-api/page.md', 'p'), LINE_MS / 2);
      expect(ms).toBeLessThan(LINE_MS);
      expectSane(r, text);
    }
  });
});
