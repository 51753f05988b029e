import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { brokenAnchors, pageAnchors } from '../../generator/lint/anchors.js';
import { lintDocs } from '../../generator/lint/lint-docs.js';
import { renderLintText } from '../../generator/lint/lint-report.js';
import { parseDocs } from '../../generator/engine/library.js';
import { runCli } from '../emit/helpers.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const FIX = join(ROOT, 'test/fixtures/tools/lint');
const CORPUS = join(ROOT, '../shared/corpus/zh');

const key = (d: { file: string; line: number; code: string }): string => `${d.file.split('/').pop()}:${d.line}:${d.code}`;

describe('lint on fixture pages', () => {
  it('a clean page has nothing to report', async () => {
    const r = await lintDocs(join(FIX, 'clean'));
    expect(r.byPage).toEqual([]);
    expect(r).toMatchObject({ pages: 1, actions: 1, totals: { error: 0, warning: 0, info: 0 } });
  });

  it('reports the lint-only checks: broken anchors (same page and other page) and missing summary', async () => {
    const r = await lintDocs(join(FIX, 'messy'));
    const mine = r.byPage.flatMap((p) => p.diagnostics).filter((d) => d.code === 'broken-anchor' || d.code === 'missing-summary');
    expect(mine.map(key)).toEqual([
      'describe_image.md:3:missing-summary',
      'describe_image.md:22:broken-anchor',
      'describe_image.md:33:broken-anchor',
      'describe_image.md:41:broken-anchor',
    ]);
    // Links in code fences, to headings that exist (any case or slug), and to external sites are not reported.
    expect(mine.some((d) => d.file.endsWith('create_image.md'))).toBe(false);
  });

  it('passes every parser diagnostic through, grouped by page, with counts by code', async () => {
    const dir = join(FIX, 'messy');
    const parsed = await parseDocs(dir);
    const r = await lintDocs(dir);
    const all = r.byPage.flatMap((p) => p.diagnostics);
    for (const d of parsed.diagnostics) expect(all).toContainEqual(d);
    for (const p of r.byPage) expect(p.diagnostics.every((d) => d.file === p.file)).toBe(true);
    expect(r.counts.warning['broken-anchor']).toBe(3);
    const total = Object.values(r.counts.warning).reduce((a, b) => a + b, 0);
    expect(total).toBe(r.totals.warning);
    // The page issues the issue lists, as the parser reports them today (repeated param, unknown type, title vs public table, example vs table, documented twice).
    const codes = new Set(all.map((d) => d.code));
    for (const c of ['duplicate-param', 'unknown-type', 'action-mismatch', 'example-mismatch', 'duplicate-action']) {
      if (parsed.diagnostics.some((d) => d.code === c)) expect(codes.has(c)).toBe(true);
    }
    const text = renderLintText(r);
    expect(text).toContain('counts by code:');
    expect(text).toMatch(/describe_image\.md\n {2}3:1 warning missing-summary/);
  });

  it('anchors: heading text, slug, spaces removed, HTML anchors; fences ignored', () => {
    const a = pageAnchors('# T - X\n### UHostImageSet\n## 主机概念2.0版本\n<a name="Custom"></a>\n```\n# not-a-heading\n```\n');
    expect([...a]).toEqual(expect.arrayContaining(['uhostimageset', '主机概念2.0版本', '主机概念20版本', 'custom']));
    expect(a.has('not-a-heading')).toBe(false);
    const broken = brokenAnchors([
      { rel: 'uhost-api/a.md', text: '[x](#Custom) [y](api/uhost-api/b#Sec) [z](/docs/api/uhost-api/b.md#Nope) [w](c.md#gone)\n<a id="Custom"></a>' },
      { rel: 'uhost-api/b.md', text: '## Sec\n' },
    ]);
    expect(broken.map((b) => b.target)).toEqual(['/docs/api/uhost-api/b.md#Nope']);
  });
});

describe('scloud-gen lint (CLI)', () => {
  const cli = (...args: string[]) => spawnSync(process.execPath, [join(ROOT, 'bin/scloud-gen.js'), 'lint', ...args], { cwd: ROOT, encoding: 'utf8' });

  it('exits 0 on warnings only, 1 on errors, 2 on a bad dir; --json is one document', () => {
    expect(cli('--docs', join(FIX, 'messy')).status).toBe(0);
    const broken = cli('--docs', join(FIX, 'broken'));
    expect(broken.status).toBe(1);
    expect(broken.stdout).toContain('error   no-action-name');
    const bad = cli('--docs', join(FIX, 'nope'));
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain("docs dir '");
    const json = JSON.parse(cli('--docs', join(FIX, 'messy'), '--json').stdout) as { totals: { warning: number } };
    expect(json.totals.warning).toBeGreaterThanOrEqual(4);
  }, 30_000);
});

/** `scloud-gen lint ...` in this process (the spawned CLI is tested above): exit code and captured output. */
async function cli(...args: string[]): Promise<{ status: number; stdout: string; stderr: string }> {
  const r = await runCli(['lint', ...args]);
  return { status: r.code, stdout: r.out, stderr: r.err };
}

describe('scloud-gen lint: baseline, filters, --max-warnings (CLI)', () => {
  it('write a baseline, edit the page: known findings stay hidden after a line shift, new ones show, fixed ones are stale', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'scloud-lint-'));
    const docs = join(dir, 'docs');
    await cp(join(FIX, 'messy'), docs, { recursive: true });
    const baseline = join(dir, 'lint-baseline.json');
    const w = await cli('--docs', docs, '--write-baseline', baseline);
    expect(w.status).toBe(0);
    expect(w.stdout).toContain(`baseline: wrote 9 findings to ${baseline}`);
    expect(w.stdout).toContain('0 errors, 0 warnings, 0 info on 0 pages');
    const text = await readFile(baseline, 'utf8');
    expect(text).toContain('{"file": "uhost/describe_image.md", "code": "missing-summary", "message": "DescribeImage has no overview text;');
    expect(text).not.toContain(dir);
    expect((await cli('--docs', docs, '--write-baseline', baseline)).status).toBe(0);
    expect(await readFile(baseline, 'utf8')).toBe(text);

    // Fix the missing summary (two lines added above every other finding) and add a second unknown type.
    const page = join(docs, 'uhost/describe_image.md');
    const before = await readFile(page, 'utf8');
    await writeFile(
      page,
      before
        .replace('## Overview\n', '## Overview\n\nDescribe images.\n')
        .replace('| **Limit** | map<int> | Page size |No|', '| **Limit** | map<int> | Page size |No|\n| **Offset** | list<int> | Offset |No|'),
    );
    const r = await cli('--docs', docs, '--baseline', baseline);
    expect(r.status).toBe(0);
    const listed = r.stdout.split('\n').filter((l) => /^ {2}\d+:\d+ /.test(l));
    expect(listed).toEqual([expect.stringMatching(/^ {2}28:1 warning unknown-type type 'list<int>' of 'Offset'/)]);
    expect(r.stdout).toContain(`not shown: 8 known (in ${baseline})`);
    expect(r.stdout).toContain(`baseline: 1 known finding in ${baseline} no longer occurs (stale); refresh the file with --write-baseline ${baseline}`);
    const strict = await cli('--docs', docs, '--baseline', baseline, '--max-warnings', '0');
    expect(strict.status).toBe(1);
    expect(strict.stdout).toContain('1 warnings, more than --max-warnings 0: failing');
    expect((await cli('--docs', docs, '--baseline', baseline, '--max-warnings', '1')).status).toBe(0);
  }, 30_000);

  it('a known error does not fail; --quiet lists errors only; --rule/--product narrow; bad flags exit 2 with the fix', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'scloud-lint-'));
    const baseline = join(dir, 'b.json');
    expect((await cli('--docs', join(FIX, 'broken'), '--write-baseline', baseline)).status).toBe(0);
    expect((await cli('--docs', join(FIX, 'broken'), '--baseline', baseline)).status).toBe(0);
    const quiet = await cli('--docs', join(FIX, 'messy'), '--quiet', '--max-warnings', '7');
    expect(quiet.status).toBe(1);
    expect(quiet.stdout).not.toMatch(/^ {2}\d+:\d+ /m);
    expect(quiet.stdout).toContain('0 errors, 8 warnings, 1 info on 0 pages');
    const rule = await cli('--docs', join(FIX, 'messy'), '--rule', 'broken-anchor', '--product', 'uhost');
    expect(
      rule.stdout
        .split('\n')
        .filter((l) => /^ {2}\d+:\d+ /.test(l))
        .map((l) => l.split(' ')[4]),
    ).toEqual(['broken-anchor', 'broken-anchor', 'broken-anchor']);
    expect(rule.stdout).toContain('not shown: 6 by --rule/--ignore-rule');
    for (const [args, message] of [
      [['--product', 'ulb'], "--product 'ulb' is not a product of"],
      [['--rule', 'x', '--rule', 'y'], '--rule is given twice'],
      [['--baseline', join(dir, 'none.json')], 'create it with --write-baseline'],
      [['--max-warnings', 'many'], "--max-warnings takes a number, got 'many'"],
    ] as const) {
      const bad = await cli('--docs', join(FIX, 'messy'), ...args);
      expect(bad.status).toBe(2);
      expect(bad.stderr).toContain(message);
      expect(bad.stderr).not.toMatch(/\n\s+at /);
    }
  }, 30_000);

  it('--json keeps its shape and adds products, hidden, stale, exitCode and notes', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'scloud-lint-'));
    const baseline = join(dir, 'b.json');
    await writeFile(baseline, '{"version": 1, "findings": [{"file": "uhost/describe_image.md", "code": "duplicate-param", "message": "gone", "count": 2}]}');
    const r = await cli('--docs', join(FIX, 'messy'), '--json', '--ignore-rule', 'broken-anchor', '--baseline', baseline, '--max-warnings', '4');
    const json = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(Object.keys(json)).toEqual(['pages', 'actions', 'byPage', 'counts', 'totals', 'products', 'hidden', 'stale', 'exitCode', 'notes']);
    expect(json).toMatchObject({
      products: ['uhost'],
      hidden: { rule: 3, product: 0, baseline: 0, quiet: 0 },
      stale: 2,
      exitCode: 1,
      totals: { error: 0, warning: 5, info: 1 },
    });
    expect(r.status).toBe(1);
  }, 30_000);
});

describe.skipIf(!existsSync(CORPUS))('lint on ../shared/corpus', () => {
  it('no false broken anchors on the 376 real pages', async () => {
    const r = await lintDocs(CORPUS);
    expect(r.pages).toBe(376);
    expect(r.counts.warning['broken-anchor'] ?? 0).toBe(0);
  }, 60_000);

  it('text output folds codes with more than 10 findings into a screenful; --rule <code> and --all list them all', async () => {
    // Expected figures come from the library (the parser may change them); the text must agree with them.
    const r = await lintDocs(CORPUS);
    const all = r.byPage.flatMap((p) => p.diagnostics);
    const mismatches = all.filter((d) => d.code === 'example-mismatch');
    const pages = new Set(mismatches.map((d) => d.file)).size;
    expect(mismatches.length).toBeGreaterThan(10);
    const listing = (out: string) => out.split('\n').filter((l) => /^ {2}\d+:\d+ /.test(l));
    const folded = await cli('--docs', CORPUS);
    expect(folded.status).toBe(0);
    // At most 10 listed findings per code (the rest are folded), so the text stays a few screens whatever the corpus.
    const codes = new Set(all.map((d) => `${d.severity} ${d.code}`));
    for (const c of codes) expect(listing(folded.stdout).filter((l) => l.includes(` ${c} `)).length, c).toBeLessThanOrEqual(10);
    expect(folded.stdout.trimEnd().split('\n').length).toBeLessThanOrEqual(20 * codes.size + 20);
    expect(folded.stdout).toContain(`warning example-mismatch: ${mismatches.length} findings on ${pages} pages (folded), e.g.:`);
    expect(folded.stdout).toContain(`  list all ${mismatches.length}: --rule example-mismatch (every code in full: --all)`);
    expect(folded.stdout).toContain(
      `376 pages, ${r.actions} actions: 0 errors, ${r.totals.warning} warnings, ${r.totals.info} info on ${r.byPage.length} pages`,
    );
    const one = await cli('--docs', CORPUS, '--rule', 'example-mismatch');
    expect(listing(one.stdout).filter((l) => / warning example-mismatch /.test(l))).toHaveLength(mismatches.length);
    expect(one.stdout).not.toContain('(folded)');
    const full = await cli('--docs', CORPUS, '--all');
    expect(listing(full.stdout)).toHaveLength(all.length);
  }, 60_000);
});
if (!existsSync(CORPUS)) console.log('skipped: ../shared/corpus not found (lint on the real pages)');
