/**
 * Reading the docs folder (issue 9): invalid UTF-8 is a warning at its line and column, a BOM is dropped,
 * CRLF and lone CR keep line numbers right, symlinked product folders and pages are followed with loop
 * detection, a link out of the docs folder is an info.
 */
import fc from 'fast-check';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseDocs } from '../../generator/engine/library.js';
import { listPages } from '../../generator/parse/docs.js';
import { decodeUtf8, findInvalid } from '../../generator/parse/utf8.js';
import { readPage } from '../../generator/parse/walk.js';
import { serializeSpec } from '../../generator/spec/io.js';
import { runCli } from '../emit/helpers.js';

const ZH = join(import.meta.dirname, '..', 'golden', 'zh', 'docs');
const WIDGET = readFileSync(join(ZH, 'uhost-api', 'describe_widget.md'), 'utf8');
const OK = (action: string): string =>
  `# 标题 - ${action}\n\n### 请求参数\n\n| 参数名 | 类型 | 描述信息 | 必填 |\n|:---|:---|:---|:---|\n| Region | string | 地域 | Yes |\n`;
const bytes = (...parts: (string | number[])[]): Uint8Array =>
  Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'utf8') : Buffer.from(p))));

describe('decodeUtf8 / findInvalid', () => {
  it.each([
    ['one bad byte', bytes('ab', [0xff], 'c'), [{ line: 1, col: 3, count: 1, bytes: [0xff] }]],
    ['adjacent bad bytes are one run', bytes('| Re', [0xff, 0xfe], 'gion'), [{ line: 1, col: 5, count: 2, bytes: [0xff, 0xfe] }]],
    ['a truncated 3-byte char at the end', bytes('x', [0xe4, 0xb8]), [{ line: 1, col: 2, count: 1, bytes: [0xe4, 0xb8] }]],
    [
      'a truncated 4-byte char before ASCII',
      bytes([0xf0, 0x9f, 0x98], 'a', [0xff]),
      [
        { line: 1, col: 1, count: 1 },
        { line: 1, col: 3, count: 1 },
      ],
    ],
    ['an encoded surrogate is three errors', bytes([0xed, 0xa0, 0x80]), [{ line: 1, col: 1, count: 3 }]],
    ['an overlong slash is two errors', bytes([0xc0, 0xaf]), [{ line: 1, col: 1, count: 2 }]],
    ['columns count characters, not bytes', bytes('中文😀', [0x80]), [{ line: 1, col: 4, count: 1 }]],
    ['after CRLF', bytes('a\r\nbc', [0xff]), [{ line: 2, col: 3, count: 1 }]],
    ['after a lone CR', bytes('a\rb', [0xff]), [{ line: 2, col: 2, count: 1 }]],
    [
      'CR, bad byte, LF is two line ends',
      bytes('\r', [0xff], '\nx', [0xff]),
      [
        { line: 2, col: 1, count: 1 },
        { line: 3, col: 2, count: 1 },
      ],
    ],
    ['after a BOM', bytes([0xef, 0xbb, 0xbf], 'a', [0xff]), [{ line: 1, col: 2, count: 1 }]],
    ['valid text', bytes('中文 ok\r\n😀'), []],
    ['valid text after a BOM (dropped)', bytes([0xef, 0xbb, 0xbf], '中文'), []],
    ['a BOM alone', bytes([0xef, 0xbb, 0xbf]), []],
    ['two BOMs (the second is text)', bytes([0xef, 0xbb, 0xbf, 0xef, 0xbb, 0xbf], 'a'), []],
  ])('%s', (_n, input, want) => {
    const runs = findInvalid(input);
    expect(runs).toEqual(want.map((w) => expect.objectContaining(w)));
    expect(decodeUtf8(input)).toEqual({ text: new TextDecoder().decode(input), invalid: runs });
  });

  /** Where the U+FFFD of a decoded text are, as `line:col` (code points, lines split as the parser does). */
  function replacementsOf(text: string): string[] {
    const out: string[] = [];
    text.split(/\r\n?|\n/).forEach((line, i) => [...line].forEach((ch, j) => ch === '\uFFFD' && out.push(`${i + 1}:${j + 1}`)));
    return out;
  }
  const byte = fc.oneof(
    fc.constantFrom(0x0a, 0x0d, 0x61, 0x20),
    fc.integer({ min: 0x80, max: 0xff }),
    fc.constantFrom(...[...Buffer.from('中😀é')]),
    fc.integer({ min: 0, max: 0xff }),
  );
  it("property: the decoded text is TextDecoder's, valid or not, with or without a BOM", () => {
    fc.assert(
      fc.property(fc.boolean(), fc.array(byte, { maxLength: 60 }), (bom, list) => {
        const input = Uint8Array.from([...(bom ? [0xef, 0xbb, 0xbf] : []), ...list]);
        expect(decodeUtf8(input).text).toBe(new TextDecoder().decode(input));
      }),
      { numRuns: 2000 },
    );
  });

  it('property: reported runs are exactly the U+FFFD that TextDecoder produces', () => {
    fc.assert(
      fc.property(fc.array(byte, { maxLength: 60 }), (list) => {
        const input = Uint8Array.from(list);
        const text = new TextDecoder().decode(input);
        fc.pre(!Buffer.from(input).includes(Buffer.from('\uFFFD')));
        const reported = findInvalid(input).flatMap((r) => Array.from({ length: r.count }, (_, k) => `${r.line}:${r.col + k}`));
        expect(reported).toEqual(replacementsOf(text));
      }),
      { numRuns: 2000 },
    );
  });
});

describe('parseDocs reads bytes', () => {
  let dir = '';
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  const docs = (files: Record<string, string | Uint8Array>): string => {
    dir = mkdtempSync(join(tmpdir(), 'scloud-walk-'));
    for (const [rel, content] of Object.entries(files)) {
      mkdirSync(join(dir, 'docs', rel, '..'), { recursive: true });
      writeFileSync(join(dir, 'docs', rel), content);
    }
    return join(dir, 'docs');
  };

  it('invalid UTF-8 (silently U+FFFD in a parameter name before): a warning at its line and column, page parsed', async () => {
    const page = Buffer.from(OK('BadBytes').replace('| Region', '| Re\u0000gion'));
    page[page.indexOf(0)] = 0xff;
    const root = docs({ 'demo-api/bad.md': page });
    const r = await parseDocs(root);
    expect(r.diagnostics).toEqual([
      {
        file: `${root}/demo-api/bad.md`,
        line: 7,
        col: 5,
        severity: 'warning',
        code: 'invalid-utf8',
        message: 'byte sequence FF is not valid UTF-8; read as U+FFFD — save the page as UTF-8',
      },
    ]);
    expect(r.specs[0]?.request[0]?.name).toBe('Re\uFFFDgion');
  });
  it('reports the first 10 runs and counts the rest', async () => {
    const page = Buffer.concat([Buffer.from(OK('Many')), Buffer.from('x\xff'.repeat(25), 'latin1')]);
    const r = await parseDocs(docs({ 'demo-api/many.md': page }));
    const utf8 = r.diagnostics.filter((d) => d.code === 'invalid-utf8');
    expect(utf8.map((d) => `${d.line}:${d.col}`)).toEqual(Array.from({ length: 10 }, (_, i) => `8:${2 * i + 2}`));
    expect(utf8[9]!.message).toMatch(/; 15 more invalid sequence\(s\) further on are not reported/);
  });
  it('a BOM is dropped without a report; CRLF and lone CR keep every line number', async () => {
    const lf = await parseDocs(docs({ 'uhost-api/w.md': WIDGET }));
    rmSync(dir, { recursive: true, force: true });
    for (const variant of [`\uFEFF${WIDGET}`, WIDGET.replace(/\n/g, '\r\n'), WIDGET.replace(/\n/g, '\r'), `\uFEFF${WIDGET.replace(/\n/g, '\r\n')}`]) {
      const root = docs({ 'uhost-api/w.md': variant });
      const r = await parseDocs(root);
      expect(r.specs.map(serializeSpec)).toEqual(lf.specs.map(serializeSpec));
      expect(r.diagnostics.map((d) => `${d.line}:${d.col} ${d.code}`)).toEqual(lf.diagnostics.map((d) => `${d.line}:${d.col} ${d.code}`));
      rmSync(dir, { recursive: true, force: true });
    }
    expect(lf.diagnostics.map((d) => `${d.line} ${d.code}`)).toEqual(expect.arrayContaining(['30 duplicate-param', '31 unknown-type', '40 missing-model']));
  });
  it('a page that cannot be read is an unreadable-page error, not an exception', async () => {
    expect(await readPage(tmpdir(), 'scloud-no-such-api/gone.md')).toEqual({
      diagnostics: [
        {
          file: 'scloud-no-such-api/gone.md',
          line: 0,
          col: 0,
          severity: 'error',
          code: 'unreadable-page',
          message: 'cannot read the page (ENOENT); check its permissions',
        },
      ],
    });
  });
  it('a missing docs folder is an error diagnostic, not an exception', async () => {
    const r = await parseDocs(join(tmpdir(), 'scloud-no-such-docs-folder'));
    expect(r).toMatchObject({ specs: [], pages: 0, diagnostics: [{ severity: 'error', code: 'unreadable-folder', line: 0 }] });
    expect(r.diagnostics[0]!.message).toMatch(/cannot read the docs folder \(ENOENT\)/);
  });
});

describe('symlinks (skipped silently before: 0 pages, exit 0)', () => {
  let dir = '';
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('follows product folders and pages, in and out of the docs folder, and says when a link leaves it', async () => {
    dir = mkdtempSync(join(tmpdir(), 'scloud-links-'));
    const root = join(dir, 'docs');
    mkdirSync(join(root, 'real-api'), { recursive: true });
    mkdirSync(join(dir, 'outside', 'far-api'), { recursive: true });
    writeFileSync(join(root, 'real-api', 'a.md'), OK('DoA'));
    writeFileSync(join(dir, 'outside', 'far-api', 'b.md'), OK('DoB'));
    writeFileSync(join(dir, 'outside', 'c.md'), OK('DoC'));
    symlinkSync('real-api', join(root, 'alias-api'));
    symlinkSync('../outside/far-api', join(root, 'far-api'));
    symlinkSync('../../outside/c.md', join(root, 'real-api', 'c.md'));
    symlinkSync('a.md', join(root, 'real-api', 'a_link.md'));
    expect(await listPages(root)).toEqual([
      'alias-api/a.md',
      'alias-api/a_link.md',
      'alias-api/c.md',
      'far-api/b.md',
      'real-api/a.md',
      'real-api/a_link.md',
      'real-api/c.md',
    ]);
    const r = await parseDocs(root);
    expect(r.specs.map((s) => `${s.product}/${s.action} ${s.source}`)).toEqual([
      'alias/DoA alias-api/a.md',
      'alias/DoC alias-api/c.md',
      'far/DoB far-api/b.md',
      'real/DoA real-api/a.md',
      'real/DoC real-api/c.md',
    ]);
    const infos = r.diagnostics.filter((d) => d.code === 'outside-docs').map((d) => `${d.file.slice(root.length + 1)} ${d.severity}`);
    expect(infos).toEqual(['alias-api/c.md info', 'far-api info', 'real-api/c.md info']);
    expect(r.diagnostics.filter((d) => d.severity !== 'info')).toEqual([]);
  });

  it('a loop is a warning naming the link, never a hang; a dangling link is a warning', async () => {
    dir = mkdtempSync(join(tmpdir(), 'scloud-loops-'));
    const root = join(dir, 'docs');
    cpSync(join(ZH, 'umem-api'), join(root, 'umem-api'), { recursive: true });
    symlinkSync('.', join(root, 'self-api'));
    symlinkSync('..', join(root, 'up-api'));
    symlinkSync('ping-api', join(root, 'pong-api'));
    symlinkSync('pong-api', join(root, 'ping-api'));
    symlinkSync('me.md', join(root, 'umem-api', 'me.md'));
    symlinkSync('nowhere.md', join(root, 'umem-api', 'gone.md'));
    symlinkSync('../nowhere', join(root, 'gone-api'));
    const r = await parseDocs(root);
    const got = r.diagnostics.filter((d) => /symlink/.test(d.code)).map((d) => `${d.file.slice(root.length + 1)} ${d.severity} ${d.code}`);
    expect(got).toEqual([
      'gone-api warning broken-symlink',
      'ping-api warning symlink-loop',
      'pong-api warning symlink-loop',
      'self-api warning symlink-loop',
      'umem-api/gone.md warning broken-symlink',
      'umem-api/me.md warning symlink-loop',
      'up-api warning symlink-loop',
    ]);
    expect(r.diagnostics.find((d) => d.file.endsWith('self-api'))?.message).toMatch(
      /^symlink 'self-api' points back to the docs folder or a folder containing it .*; skipped — link a product folder instead$/,
    );
    expect(r.diagnostics.find((d) => d.file.endsWith('ping-api'))?.message).toMatch(
      /^symlink 'ping-api' resolves to itself through a loop of links \(ELOOP\); skipped/,
    );
    expect(r.pages).toBe(5);
    expect(r.specs.map((s) => s.action)).toEqual(['CreateURedisGroup', 'DescribeUMemSpace']);
  });
});

describe('the build reads the docs the same way', () => {
  let dir = '';
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('follows a symlinked product folder, reports a loop and invalid UTF-8, and a rebuild reports them again', async () => {
    dir = mkdtempSync(join(tmpdir(), 'scloud-build-walk-'));
    const root = join(dir, 'docs');
    mkdirSync(join(root, 'real-api'), { recursive: true });
    const [head, tail] = OK('DoA').split('地域');
    writeFileSync(join(root, 'real-api', 'a.md'), bytes(head!, '地', [0xff], tail!));
    symlinkSync('real-api', join(root, 'alias-api'));
    symlinkSync('.', join(root, 'self-api'));
    const build = (): Promise<{ code: number; err: string }> =>
      runCli(['build', '--docs', root, '--spec', join(dir, 'spec'), '--out', join(dir, 'out'), '--all']);
    for (const pass of [1, 2]) {
      const { code, err } = await build();
      expect(code, `pass ${pass}: ${err}`).toBe(0);
      expect(err).toMatch(/docs\/self-api:0:0 warning symlink-loop /);
      expect(err).toMatch(/docs\/real-api\/a\.md:7:22 warning invalid-utf8 byte sequence FF is not valid UTF-8/);
      expect(err).toMatch(/docs\/alias-api\/a\.md:7:22 warning invalid-utf8/);
      expect(err).not.toMatch(/unknown-type/);
    }
    expect(readdirSync(join(dir, 'spec')).sort()).toEqual(['.scloud-manifest', 'alias', 'products.yaml', 'real']);
  });
});
