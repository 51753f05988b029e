/** generator/report: flags, product of a file, baseline files, selection, grouping. */
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseArgs } from '../../generator/cli/args.js';
import { BUILD_FLAGS } from '../../generator/cli/run-options.js';
import type { Diagnostic } from '../../generator/diagnostics.js';
import { UsageError } from '../../generator/diagnostics.js';
import { productOf } from '../../generator/parse/docs.js';
import { baselineFrom, parseBaseline, readBaseline, serializeBaseline, type BaselineEntry } from '../../generator/report/baseline.js';
import { REPORT_FLAGS } from '../../generator/report/report-flags.js';
import { groupRepeated } from '../../generator/report/code-group.js';
import { locate, productId } from '../../generator/report/product-ids.js';
import { reportDiagnostics, reportOptionsFrom } from '../../generator/report/diagnostics-report.js';
import { selectDiagnostics } from '../../generator/report/select.js';
import { formatReport } from '../../generator/report/format-report.js';

const ROOT = 'docs';
const diag = (file: string, code: string, line = 1, severity: Diagnostic['severity'] = 'warning', message = `${code} here`): Diagnostic => ({
  file: `${ROOT}/${file}`,
  line,
  col: 1,
  severity,
  code,
  message,
});
const options = (argv: string[]) => reportOptionsFrom('lint', parseArgs('lint', argv, REPORT_FLAGS).flags, argv);
const usage = (argv: string[]): string => {
  try {
    options(argv);
  } catch (e) {
    expect(e).toBeInstanceOf(UsageError);
    return (e as Error).message;
  }
  throw new Error(`no usage error for ${argv.join(' ')}`);
};

describe('report flags', () => {
  it('parses every flag; folders map to product ids; lists are deduplicated', () => {
    expect(options([])).toEqual({ quiet: false });
    expect(
      options(['--quiet', '--max-warnings', '0', '--rule', 'example-mismatch,unknown-type', '--product', 'uhost-api,vpc2.0-api,uhost', '--baseline', 'b.json']),
    ).toEqual({ quiet: true, maxWarnings: 0, rules: ['example-mismatch', 'unknown-type'], products: ['uhost', 'vpc2_0'], baseline: 'b.json' });
    expect(options(['--ignore-rule=not-an-action', '--write-baseline', 'out/b.json', '--all'])).toEqual({
      quiet: false,
      all: true,
      ignoreRules: ['not-an-action'],
      writeBaseline: 'out/b.json',
    });
  });

  it("spread into build/check's flag table without clashing with any of its flags", () => {
    // build and check take the reporting flags as they are: no flag of their own has one of these names.
    expect(Object.entries(REPORT_FLAGS).filter(([k, v]) => (BUILD_FLAGS as Record<string, unknown>)[k] !== v)).toEqual([]);
    const argv = ['--docs', 'd', '--quiet', '--rule', 'example-mismatch', '--no-cache'];
    const args = parseArgs('check', argv, { ...BUILD_FLAGS, ...REPORT_FLAGS });
    expect(reportOptionsFrom('check', args.flags, argv)).toEqual({ quiet: true, rules: ['example-mismatch'] });
    expect(args.flags['no-cache']).toBe(true);
  });

  it('bad values are usage errors that name the flag and the fix', () => {
    expect(usage(['--max-warnings=-1'])).toContain('--max-warnings takes a whole number of 0 or more');
    // node:util parseArgs reads `-1` after a flag as another flag: the message says how to pass it.
    expect(usage(['--max-warnings', '-1'])).toContain(
      "--max-warnings needs a value (--max-warnings <value>, or --max-warnings=<value> for one starting with '-')",
    );
    expect(usage(['--max-warnings', '2.5'])).toContain("got '2.5'");
    expect(usage(['--rule', 'Example_Mismatch'])).toContain("--rule 'Example_Mismatch' is not a diagnostic code");
    expect(usage(['--rule', ','])).toContain('--rule needs at least one name');
    expect(usage(['--rule', 'a', '--rule', 'b'])).toContain('--rule is given twice; pass it once (lists take commas: --rule a,b)');
    expect(usage(['--rule', 'a-b', '--ignore-rule', 'a-b'])).toContain("'a-b' is in both --rule and --ignore-rule");
    expect(usage(['--baseline', 'a.json', '--write-baseline', 'b.json'])).toContain('not both');
  });
});

describe('product of a diagnostic', () => {
  it('is the first folder under the docs dir, else the parent folder; the path under the root is what a baseline stores', () => {
    expect(locate('docs/uhost-api/a.md', ['docs'])).toEqual({ rel: 'uhost-api/a.md', product: 'uhost' });
    expect(locate('./docs/vpc2.0-api/a.md', ['docs/'])).toEqual({ rel: 'vpc2.0-api/a.md', product: 'vpc2_0' });
    expect(locate('C:\\w\\docs\\UHost-api\\a.md', ['C:\\w\\docs'])).toEqual({ rel: 'UHost-api/a.md', product: 'uhost' });
    expect(locate('spec/overrides/ulb/X.yaml', ['docs'])).toEqual({ rel: 'spec/overrides/ulb/X.yaml', product: 'ulb' });
    expect(locate('uhost-api/a.md', ['docs'])).toEqual({ rel: 'uhost-api/a.md', product: 'uhost' });
    expect(locate('docs/README.md', ['docs'])).toEqual({ rel: 'README.md', product: undefined });
  });

  it('productId maps folders exactly like the parser (property)', () => {
    const folder = fc.stringMatching(/^[A-Za-z0-9._-]{1,12}(-api)?$/);
    fc.assert(fc.property(folder, (f) => productId(f) === productOf(f)));
  });
});

describe('baseline files', () => {
  const entry = fc.record({
    file: fc.stringMatching(/^[a-z0-9.-]{1,8}-api\/[a-z_]{1,8}\.md$/),
    code: fc.constantFrom('example-mismatch', 'unknown-type', 'not-an-action'),
    message: fc.string({ unit: 'grapheme', maxLength: 30 }),
    count: fc.integer({ min: 1, max: 4 }),
  });

  it('round-trips and is byte-identical whatever the input order (property)', () => {
    fc.assert(
      fc.property(fc.array(entry, { maxLength: 20 }), fc.integer(), (entries, seed) => {
        const text = serializeBaseline(entries);
        const shuffled = [...entries].sort(() => (((seed = (seed * 1103515245 + 12345) | 0) >>> 16) & 1 ? 1 : -1));
        expect(serializeBaseline(shuffled)).toBe(text);
        const back = parseBaseline(text, 'b.json');
        expect(serializeBaseline(back)).toBe(text);
        const total = (l: BaselineEntry[]) => l.reduce((n, e) => n + e.count, 0);
        expect(total(back)).toBe(total(entries));
      }),
    );
  });

  it('is sorted JSON with one finding per line, counting equal fingerprints, paths relative to the docs dir', () => {
    const list = [diag('ulb-api/b.md', 'unknown-type', 9), diag('uhost-api/a.md', 'example-mismatch', 40), diag('uhost-api/a.md', 'example-mismatch', 12)];
    expect(serializeBaseline(baselineFrom(list, [ROOT]))).toBe(
      [
        '{',
        '  "version": 1,',
        '  "findings": [',
        '    {"file": "uhost-api/a.md", "code": "example-mismatch", "message": "example-mismatch here", "count": 2},',
        '    {"file": "ulb-api/b.md", "code": "unknown-type", "message": "unknown-type here", "count": 1}',
        '  ]',
        '}',
        '',
      ].join('\n'),
    );
    expect(serializeBaseline([])).toBe('{\n  "version": 1,\n  "findings": []\n}\n');
  });

  it('a broken file is a usage error naming the file, the line and the fix', async () => {
    const good = serializeBaseline(baselineFrom([diag('a-api/x.md', 'x-y'), diag('b-api/y.md', 'x-y')], [ROOT]));
    const cases: [string, RegExp][] = [
      [good.replace('"count": 1}\n', '"count" 1}\n'), /^b\.json:5: baseline file is not valid JSON .*regenerate it with --write-baseline b\.json$/],
      [good.split('\n').slice(0, 4).join('\n'), /^b\.json:4: baseline file is not valid JSON \(Unexpected end of JSON input\)/],
      [good.replace('"version": 1', '"version": 2'), /^b\.json:2: unsupported baseline version 2; this scloud-gen reads version 1/],
      [good.replace('"count": 1}\n', '"count": 0}\n'), /^b\.json:5: findings\[1\] needs "file", "code" and "message" strings and a "count" of 1 or more/],
      ['[]', /^b\.json:1: a baseline file is a JSON object/],
    ];
    for (const [text, message] of cases) expect(() => parseBaseline(text, 'b.json')).toThrow(message);
    await expect(readBaseline(join(tmpdir(), 'no-such-baseline.json'))).rejects.toThrow(/cannot be read \(ENOENT\); create it with --write-baseline/);
  });
});

describe('selectDiagnostics', () => {
  const list = [
    diag('uhost-api/a.md', 'example-mismatch', 3),
    diag('uhost-api/a.md', 'example-mismatch', 8),
    diag('uhost-api/a.md', 'no-action-name', 1, 'error'),
    diag('ulb-api/b.md', 'unknown-type', 5),
    diag('ulb-api/b.md', 'not-an-action', 1, 'info'),
  ];
  const codes = (ds: Diagnostic[]) => ds.map((d) => `${d.file.split('/')[1]}:${d.line}:${d.code}`);

  it('without options everything is shown and counted; an error sets exit 1', () => {
    const s = selectDiagnostics(list, { quiet: false }, [ROOT]);
    expect(s.shown).toEqual(list);
    expect(s.totals).toEqual({ error: 1, warning: 3, info: 1 });
    expect(s.exitCode).toBe(1);
    expect(s.stale).toBeUndefined();
  });

  it('--rule / --ignore-rule / --product drop findings from output and counts', () => {
    const s = selectDiagnostics(list, { quiet: false, rules: ['example-mismatch', 'unknown-type', 'missing-model'] }, [ROOT]);
    expect(codes(s.shown)).toEqual(['uhost-api:3:example-mismatch', 'uhost-api:8:example-mismatch', 'ulb-api:5:unknown-type']);
    expect(s).toMatchObject({ exitCode: 0, hidden: { rule: 2, product: 0, baseline: 0, quiet: 0 }, unmatched: { rules: ['missing-model'], products: [] } });
    const p = selectDiagnostics(list, { quiet: false, ignoreRules: ['not-an-action'], products: ['ulb', 'cube'] }, [ROOT]);
    expect(codes(p.shown)).toEqual(['ulb-api:5:unknown-type']);
    expect(p).toMatchObject({ hidden: { rule: 1, product: 3 }, unmatched: { products: ['cube'] }, totals: { error: 0, warning: 1, info: 0 } });
  });

  it('--quiet shows errors only but keeps counting warnings; --max-warnings fails above n, not at n', () => {
    const q = selectDiagnostics(list, { quiet: true, maxWarnings: 3 }, [ROOT]);
    expect(codes(q.shown)).toEqual(['uhost-api:1:no-action-name']);
    expect(q.totals.warning).toBe(3);
    expect(q.hidden.quiet).toBe(4);
    const noErrors = list.filter((d) => d.severity !== 'error');
    expect(selectDiagnostics(noErrors, { quiet: true, maxWarnings: 3 }, [ROOT]).exitCode).toBe(0);
    expect(selectDiagnostics(noErrors, { quiet: true, maxWarnings: 2 }, [ROOT]).exitCode).toBe(1);
    expect(selectDiagnostics(noErrors, { quiet: false, maxWarnings: 0, rules: ['not-an-action'] }, [ROOT]).exitCode).toBe(0);
  });

  it('the baseline hides known findings by file + code + message whatever their line, counted; leftovers are stale', () => {
    const baseline = baselineFrom(list, [ROOT]);
    const shifted = list.map((d) => ({ ...d, line: d.line + 7 }));
    const s = selectDiagnostics(shifted, { quiet: false }, [ROOT], baseline);
    expect(s).toMatchObject({ shown: [], exitCode: 0, stale: [], hidden: { baseline: 5 } });
    // A third example-mismatch with the same message is new (only two are known); a fixed unknown-type is stale.
    const next = [...shifted.filter((d) => d.code !== 'unknown-type'), diag('uhost-api/a.md', 'example-mismatch', 30)];
    const t = selectDiagnostics(next, { quiet: false }, [ROOT], baseline);
    expect(codes(t.shown)).toEqual(['uhost-api:30:example-mismatch']);
    expect(t.stale).toEqual([{ file: 'ulb-api/b.md', code: 'unknown-type', message: 'unknown-type here', count: 1 }]);
    // Baselines are matched before filters: a filtered-out finding that still occurs is not stale.
    expect(selectDiagnostics(shifted, { quiet: false, rules: ['unknown-type'] }, [ROOT], baseline).stale).toEqual([]);
    // The same page under another docs dir path still matches (paths are stored relative to the root).
    const moved = list.map((d) => ({ ...d, file: d.file.replace(/^docs\//, '../elsewhere/docs/') }));
    expect(selectDiagnostics(moved, { quiet: false }, ['../elsewhere/docs'], baseline).shown).toEqual([]);
  });
});

describe('reportDiagnostics', () => {
  const list = [diag('uhost-api/a.md', 'example-mismatch', 3), diag('ulb-api/b.md', 'unknown-type', 5), diag('ulb-api/b.md', 'no-action-name', 1, 'error')];

  it('--write-baseline writes the findings in scope (every severity), and that run then shows none of them', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'scloud-baseline-'));
    const file = join(dir, 'sub', 'baseline.json');
    const w = await reportDiagnostics(list, { quiet: false, writeBaseline: file, ignoreRules: ['unknown-type'] }, { command: 'lint', roots: [ROOT] });
    expect(w).toMatchObject({ shown: [], exitCode: 0, written: 2 });
    expect(w.notes).toEqual([
      `baseline: wrote 2 findings to ${file}; later runs with --baseline ${file} report only new ones`,
      'not shown: 1 by --rule/--ignore-rule',
    ]);
    const text = await readFile(file, 'utf8');
    expect(parseBaseline(text, file).map((e) => e.code)).toEqual(['example-mismatch', 'no-action-name']);
    const r = await reportDiagnostics(list.slice(1), { quiet: false, baseline: file }, { command: 'lint', roots: [ROOT] });
    expect(r.shown.map((d) => d.code)).toEqual(['unknown-type']);
    expect(r.notes).toEqual([
      `not shown: 1 known (in ${file})`,
      `baseline: 1 known finding in ${file} no longer occurs (stale); refresh the file with --write-baseline ${file}`,
    ]);
  });

  it('an unknown --product is a usage error listing the products; --max-warnings says why it fails', async () => {
    await expect(
      reportDiagnostics(list, { quiet: false, products: ['uhots'] }, { command: 'lint', roots: [ROOT], knownProducts: ['ulb', 'uhost'] }),
    ).rejects.toThrow("scloud-gen lint: --product 'uhots' is not a product of docs; products are: uhost, ulb");
    const r = await reportDiagnostics(list, { quiet: true, maxWarnings: 1, rules: ['example-mismatch', 'unknown-type'] }, { command: 'check', roots: [ROOT] });
    expect(r.exitCode).toBe(1);
    expect(r.notes).toContain('2 warnings, more than --max-warnings 1: failing');
  });

  it('a baseline file that went missing is an error, not an empty baseline', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'scloud-baseline-'));
    await writeFile(join(dir, 'x.json'), '{"version": 1, "findings": []}');
    await expect(reportDiagnostics(list, { quiet: false, baseline: join(dir, 'x.json') }, { command: 'lint', roots: [ROOT] })).resolves.toMatchObject({
      exitCode: 1,
    });
    await expect(reportDiagnostics(list, { quiet: false, baseline: join(dir, 'y.json') }, { command: 'lint', roots: [ROOT] })).rejects.toThrow(
      /cannot be read/,
    );
  });
});

describe('groupRepeated', () => {
  it('folds a warning or info code with more than `over` findings, with examples from different pages; errors never fold', () => {
    const many = [
      ...Array.from({ length: 12 }, (_, i) => diag(`p-api/${String.fromCharCode(97 + (i >> 1))}.md`, 'example-mismatch', i)),
      ...Array.from({ length: 11 }, (_, i) => diag(`p-api/e${i}.md`, 'no-action-name', 1, 'error')),
      ...Array.from({ length: 10 }, (_, i) => diag(`p-api/i${i}.md`, 'not-an-action', 1, 'info')),
    ];
    const { singles, groups } = groupRepeated(many, { over: 10, examples: 3 });
    expect(groups).toHaveLength(1);
    expect(groups[0]).toMatchObject({ code: 'example-mismatch', severity: 'warning', count: 12, pages: 6 });
    expect(groups[0]!.examples.map((d) => d.file)).toEqual(['docs/p-api/a.md', 'docs/p-api/b.md', 'docs/p-api/c.md']);
    expect(singles).toHaveLength(21);
    expect(groupRepeated(many, { expand: ['example-mismatch'] }).groups).toEqual([]);
  });
});

describe('formatReport (flat text for check and build)', () => {
  const many = [
    diag('uhost-api/a.md', 'no-action-name', 1, 'error', 'no action title'),
    ...Array.from({ length: 11 }, (_, i) => diag(`ulb-api/p${String(i).padStart(2, '0')}.md`, 'example-mismatch', 40 + i)),
    diag('ulb-api/x.md', 'unknown-type', 7),
    ...Array.from({ length: 12 }, (_, i) => diag(`ulb-api/i${i}.md`, 'not-an-action', 1, 'info')),
  ];

  it('lists findings as path:line:col lines, folds a code over 10 findings, leaves info out, ends with the notes', async () => {
    const outcome = await reportDiagnostics(many, { quiet: false, maxWarnings: 5 }, { command: 'check', roots: [ROOT] });
    expect(formatReport(outcome, { quiet: false, maxWarnings: 5 })).toEqual([
      'docs/uhost-api/a.md:1:1 error no-action-name no action title',
      'docs/ulb-api/x.md:7:1 warning unknown-type unknown-type here',
      'warning example-mismatch: 11 findings on 11 pages (folded), e.g.:',
      '  docs/ulb-api/p00.md:40:1 example-mismatch here',
      '  docs/ulb-api/p01.md:41:1 example-mismatch here',
      '  docs/ulb-api/p02.md:42:1 example-mismatch here',
      '  list all 11: --rule example-mismatch (every code in full: --all)',
      '12 warnings, more than --max-warnings 5: failing',
    ]);
  });

  it('--all and --rule <code> list every finding of the code; info on request', async () => {
    const all = await reportDiagnostics(many, { quiet: false, all: true }, { command: 'check', roots: [ROOT] });
    expect(formatReport(all, { quiet: false, all: true })).toHaveLength(13);
    const one = await reportDiagnostics(many, { quiet: false, rules: ['example-mismatch', 'not-an-action'] }, { command: 'check', roots: [ROOT] });
    const lines = formatReport(one, { quiet: false, rules: ['example-mismatch', 'not-an-action'] }, { info: true });
    expect(lines.filter((l) => l.includes(' warning example-mismatch '))).toHaveLength(11);
    expect(lines.filter((l) => l.includes(' info not-an-action '))).toHaveLength(12);
  });
});
