import { cpSync, mkdtempSync, readdirSync, readFileSync, mkdirSync, writeFileSync, existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseDocs } from '../../generator/engine/library.js';
import { parsePage, pickCanonical } from '../../generator/parse/docs.js';
import { serializeSpec } from '../../generator/spec/io.js';
import { runCli } from '../emit/helpers.js';

const FIX = join(import.meta.dirname, '..', 'fixtures', 'parse');
const ZH = join(import.meta.dirname, '..', 'golden', 'zh', 'docs');

const CURRENT = (body: string): string =>
  `# 标题 - DoThing\n\n## 简介\n\n做事\n\n## 定义\n\n### 公共参数\n\n| 参数名 | 类型 | 描述信息 | 必填 |\n|:---|:---|:---|:---|\n| **Action** | string | 当前 API 为 \`DoThing\` | **Yes** |\n\n${body}`;
const REQ = '### 请求参数\n\n| 参数名 | 类型 | 描述信息 | 必填 |\n|:---|:---|:---|:---|\n| **Region** | string | 地域 |**Yes**|\n\n';

function codes(r: { diagnostics: { code: string; severity: string }[] }): string[] {
  return r.diagnostics.map((d) => `${d.severity} ${d.code}`);
}

describe('parsePage', () => {
  it('classifies error pages and skips', () => {
    expect(parsePage('## 请求参数\n\n|Name|Type|Description|Required|\n|-|-|-|-|\n|A|string|d|No|\n', 'p/a.md', 'p')).toMatchObject({
      skipped: 'error',
      diagnostics: [expect.objectContaining({ code: 'no-action-name', severity: 'error' })],
    });
    expect(parsePage('# T - DoThing\n\n## 示例\n\n### 请求示例\n\n```\nx\n```\n', 'p/a.md', 'p').diagnostics[0]).toMatchObject({
      code: 'missing-section',
      severity: 'error',
    });
    expect(parsePage('# 错误码\n\n|a|b|\n|-|-|\n|1|2|\n', 'p/a.md', 'p')).toMatchObject({ skipped: 'not-an-action' });
    expect(parsePage('', 'p/a.md', 'p')).toMatchObject({ skipped: 'not-an-action' });
  });
  it('reads a bold level-2 title with a tight hyphen and a curl example', () => {
    const page = `## **删除 -DeleteThing**\n\n删除东西\n\n### 请求参数\n\n|Parameter name|Type|Description|Required|\n|---|---|---|---|\n|Id|string|ID|Yes|\n\n### 请求示例\n\n\`\`\`\ncurl -X POST https://api.x.com -d '{"Action": "DeleteThing", "Id": "a"}'\n\`\`\`\n`;
    const r = parsePage(page, 'p-api/delete_thing.md', 'p');
    expect(r.spec).toMatchObject({
      action: 'DeleteThing',
      title: '删除',
      summary: '删除东西',
      idempotent: false,
      examples: { request: { Action: 'DeleteThing', Id: 'a' } },
    });
    expect(r.spec?.request[0]).toMatchObject({ name: 'Id', required: true });
    expect(r.diagnostics).toEqual([]);
  });
  it('cross-checks the public Action', () => {
    const r = parsePage(CURRENT(REQ).replace('`DoThing`', '`OtherThing`'), 'p/a.md', 'p');
    expect(codes(r)).toContain('warning action-mismatch');
    expect(r.spec?.action).toBe('DoThing');
  });
  it('takes a model section that comes twice and before the response table', () => {
    const model = '#### M\n\n| 字段名 | 类型 | 描述信息 | 必填 |\n|:---|:---|:---|:---|\n| **A** | string | a |No|\n\n';
    const model2 = '#### M\n\n| 字段名 | 类型 | 描述信息 | 必填 |\n|:---|:---|:---|:---|\n| **A** | string | a |No|\n| **B** | int | b |No|\n\n';
    const res = '### 响应字段\n\n| 字段名 | 类型 | 描述信息 | 必填 |\n|:---|:---|:---|:---|\n| **Set** | [*M*](#M) | m |No|\n\n';
    const r = parsePage(CURRENT(REQ + model + res + model2), 'p/a.md', 'p');
    expect(r.spec?.models).toEqual([
      { name: 'M', description: '', fields: [expect.objectContaining({ name: 'A' }), expect.objectContaining({ name: 'B', type: 'integer' })] },
    ]);
    expect(r.spec?.response[0]).toMatchObject({ type: 'model', model: 'M' });
  });
  it('older layout: bare array links to the one model named in its description, never guesses otherwise', async () => {
    const r = await parseDocs(ZH);
    const s = r.specs.find((x) => x.action === 'DescribeUMemSpace')!;
    expect(s.response.find((f) => f.name === 'DataSet')).toMatchObject({ type: 'array', items: { type: 'model', model: 'UMemSpaceSet' } });
    expect(s.models.map((m) => m.name)).toEqual(['UMemSpaceAddressSet', 'UMemSpaceSet']);
    expect(s.response.find((f) => f.name === 'Other')).toMatchObject({ type: 'array', items: { type: 'unknown' } });
  });
  it('docUrl and relative links use the configured base', () => {
    const r = parsePage(CURRENT(REQ), 'demo-api/do_thing.md', 'demo', { docsBaseUrl: 'https://d.example/' });
    expect(r.spec?.docUrl).toBe('https://d.example/docs/api/demo-api/do_thing');
  });
});

describe('parseDocs', () => {
  it('duplicates rule: current layout, then non-_old name, then path', () => {
    const spec = {} as never;
    expect(
      pickCanonical([
        { spec, layout: 'older', source: 'a.md' },
        { spec, layout: 'current', source: 'b.md' },
      ]).source,
    ).toBe('b.md');
    expect(
      pickCanonical([
        { spec, layout: 'current', source: 'a_old.md' },
        { spec, layout: 'current', source: 'b.md' },
      ]).source,
    ).toBe('b.md');
    expect(
      pickCanonical([
        { spec, layout: 'current', source: 'b.md' },
        { spec, layout: 'current', source: 'a.md' },
      ]).source,
    ).toBe('a.md');
  });
  it('gives the same bytes whatever order the files were created in', async () => {
    const a = mkdtempSync(join(tmpdir(), 'parse-a-'));
    const b = mkdtempSync(join(tmpdir(), 'parse-b-'));
    cpSync(ZH, a, { recursive: true });
    for (const folder of readdirSync(ZH).reverse()) {
      mkdirSync(join(b, folder));
      for (const f of readdirSync(join(ZH, folder)).reverse()) writeFileSync(join(b, folder, f), readFileSync(join(ZH, folder, f)));
    }
    const [ra, rb] = [await parseDocs(a), await parseDocs(b)];
    expect(rb.specs.map(serializeSpec)).toEqual(ra.specs.map(serializeSpec));
    expect(rb.diagnostics.map((d) => ({ ...d, file: d.file.slice(b.length) }))).toEqual(ra.diagnostics.map((d) => ({ ...d, file: d.file.slice(a.length) })));
  });
  it('merges overlays by name and reports stale ones', async () => {
    const r = await parseDocs(join(FIX, 'errors'), { overridesDir: join(FIX, 'overlay') });
    const s = r.specs.find((x) => x.action === 'DescribeOk')!;
    expect(s.summary).toBe('Hand-written summary.');
    expect(s.request.map((f) => f.name)).toEqual(['Region', 'Extra']);
    expect(s.request[0]).toMatchObject({ type: 'string', required: true, enum: ['cn-bj2', 'cn-sh2'] });
    const stale = r.diagnostics.filter((d) => d.code === 'stale-overlay').map((d) => d.message);
    expect(stale).toEqual([expect.stringMatching(/Gone no longer exists/), expect.stringMatching(/no action demo\/Stale/)]);
    // Each diagnostic points at its entry: `- name: Gone` is line 5 of DescribeOk.yaml.
    const where = r.diagnostics.filter((d) => d.code === 'stale-overlay').map((d) => `${d.file.split('/').pop()}:${d.line}:${d.col}`);
    expect(where).toEqual(['DescribeOk.yaml:5:5', 'Stale.yaml:1:1']);
  });

  it('reports broken overlay YAML at its line, and a non-mapping overlay, without applying them', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'scloud-overlay-'));
    try {
      mkdirSync(join(dir, 'demo'));
      writeFileSync(join(dir, 'demo', 'DescribeOk.yaml'), 'summary: fine\nrequest:\n  - name: Region\n    enum: [cn-bj2\n');
      writeFileSync(join(dir, 'demo', 'Other.yaml'), '- just a list\n');
      const r = await parseDocs(join(FIX, 'errors'), { overridesDir: dir });
      expect(r.specs.find((x) => x.action === 'DescribeOk')?.summary).not.toBe('fine');
      const bad = r.diagnostics.filter((d) => d.code === 'invalid-overlay').map((d) => `${d.file.split('/').pop()}:${d.line} ${d.message}`);
      expect(bad).toEqual([
        expect.stringMatching(/^DescribeOk\.yaml:[45] .*; fix the YAML$/),
        'Other.yaml:1 not a YAML mapping; an overlay is a partial action spec (summary:, request:, ...)',
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

const cli = runCli;

describe('scloud-gen parse', () => {
  it('exit 2 on usage errors', async () => {
    expect((await cli(['parse', '--bogus'])).code).toBe(2);
    const r = await cli(['parse', '--docs', join(FIX, 'nope'), '--spec', join(tmpdir(), 'x')]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/is not a folder/);
  });
  it('exit 1 when a page errors; the other pages are still written; --json summary', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'parse-out-')), 'spec');
    const r = await cli(['parse', '--docs', join(FIX, 'errors'), '--spec', out, '--json']);
    expect(r.code).toBe(1);
    const lines = r.out
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.at(-1)).toMatchObject({ summary: true, pages: 2, actions: 1, errors: 1, errorsByCode: { 'no-action-name': 1 } });
    expect(lines[0]).toMatchObject({ severity: 'error', code: 'no-action-name', line: 1 });
    expect(existsSync(join(out, 'demo', 'DescribeOk.yaml'))).toBe(true);
  });
  it('exit 0 on clean docs, text diagnostics path:line:col', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'parse-out-')), 'spec');
    const r = await cli(['parse', '--docs', ZH, '--spec', out]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/describe_widget\.md:30:1 warning duplicate-param /);
    expect(r.err).toMatch(/6 pages -> 3 actions/);
  });
});

describe('scloud-gen parse never writes into its docs, and keeps files it did not write', () => {
  it('a spec folder holding other files: they are kept and reported, never deleted', async () => {
    const tmp = mkdtempSync(join(tmpdir(), 'parse-guard-'));
    cpSync(ZH, join(tmp, 'docs'), { recursive: true });
    mkdirSync(join(tmp, 'other', 'deploy'), { recursive: true });
    writeFileSync(join(tmp, 'other', 'keep.txt'), 'precious');
    writeFileSync(join(tmp, 'other', 'deploy', 'Values.yaml'), 'replicas: 2\n');
    const r = await cli(['parse', '--docs', join(tmp, 'docs'), '--spec', join(tmp, 'other')]);
    expect(r.code).toBe(0);
    expect(readFileSync(join(tmp, 'other', 'keep.txt'), 'utf8')).toBe('precious');
    expect(readFileSync(join(tmp, 'other', 'deploy', 'Values.yaml'), 'utf8')).toBe('replicas: 2\n');
    expect(r.err).toMatch(/2 file\(s\) in .*other were not written by scloud-gen and are kept: .*deploy\/Values.yaml/);
    const again = await cli(['parse', '--docs', join(tmp, 'docs'), '--spec', join(tmp, 'other')]);
    expect(again.code).toBe(0);
    expect(existsSync(join(tmp, 'other', 'deploy', 'Values.yaml'))).toBe(true);
  });

  it.each([
    ['the docs folder', (tmp: string) => join(tmp, 'docs')],
    ['a parent of the docs', (tmp: string) => tmp],
  ])('%s is refused (exit 2), nothing touched', async (_n, target) => {
    const tmp = mkdtempSync(join(tmpdir(), 'parse-guard-'));
    cpSync(ZH, join(tmp, 'docs'), { recursive: true });
    mkdirSync(join(tmp, 'other'));
    writeFileSync(join(tmp, 'other', 'keep.txt'), 'precious');
    const r = await cli(['parse', '--docs', join(tmp, 'docs'), '--spec', target(tmp)]);
    expect(r.code).toBe(2);
    expect(existsSync(join(tmp, 'other', 'keep.txt'))).toBe(true);
    expect(existsSync(join(tmp, 'docs', 'umem-api', 'create_group.md'))).toBe(true);
  });
});
