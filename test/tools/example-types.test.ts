/** Lint's checks of a page's examples against its tables: request-example-type, response-example-type, example-mismatch. */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lintDocs } from '../../generator/lint/lint-docs.js';
import { parsePage } from '../../generator/parse/docs.js';
import { ROOT } from '../emit/helpers.js';

const FIX = join(ROOT, 'test/fixtures/tools/lint/example-types');
const PAGE = join(FIX, 'uhost/upgrade_uhost_instance.md');
const CORPUS = join(ROOT, '../shared/corpus/zh');
const CODES = new Set(['request-example-type', 'response-example-type', 'example-mismatch']);

/** The 1-based line of the first line of `file` that contains `text`. */
const lineOf = (file: string, text: string): number =>
  readFileSync(file, 'utf8')
    .split('\n')
    .findIndex((l) => l.includes(text)) + 1;

describe('example checks (fixture page)', () => {
  it('each finding sits on the row, names the example line and says what to change; wire-equivalent values pass', async () => {
    const r = await lintDocs(FIX);
    const found = r.byPage
      .flatMap((p) => p.diagnostics)
      .filter((d) => CODES.has(d.code))
      .map((d) => `${d.line} ${d.code} ${d.message}`);
    const at = (text: string): number => lineOf(PAGE, text);
    expect(found).toEqual([
      `${at('| **UHostId** |')} request-example-type request example sends UHostId=uhost-xxx (line ${at('&UHostId=')}), which is not an integer, but row 'UHostId' types it integer: the client refuses such values — if the API takes them, change the type cell to string; otherwise fix the example value`,
      `${at('| **Disks.N.Size** |')} request-example-type request example sends Disks.0.Size=abcdEFGH (line ${at('&Disks.0.Size=')}), a placeholder that is not an integer, where row 'Disks.N.Size' types it integer: put an integer in the example (e.g. 1)`,
      `${at('| **UHostIds** |')} response-example-type response example has UHostIds = "uhost-xxx" (line ${at('"UHostIds"')}), a string, but response row 'UHostIds' types it array: change the type cell to string, or fix the example value`,
      `${at('| **Size** |')} response-example-type response example has Disks[].Size = "100" (line ${at('"100"')}), a string, but row 'Size' of model DiskSet types it integer: change the type cell to string, or fix the example value`,
      `${at('| **Price** |')} response-example-type response example has Disks[].Price = "QwErTyUi" (line ${at('"QwErTyUi"')}), a placeholder string, where row 'Price' of model DiskSet types it number: put a number in the example (e.g. 1.5)`,
      `${at('&TimemachineFeature=')} example-mismatch request example sends parameters the request table lacks: TimemachineFeature (line ${at('&TimemachineFeature=')}), Disks.0.Snapshot (line ${at('&Disks.0.Snapshot=')}); add a row for each to the request table, or remove them from the example`,
    ]);
    // CPU=04, Auth=TRUE, Ratio=1.5, an integer 40 for a float: values the client accepts are not findings.
    expect(found.join('\n')).not.toMatch(/CPU|Auth|Ratio|Price = 2/);
  });

  it('a JSON-body request example and an indented response example are read the same way', () => {
    const page = [
      '# T - DescribeThing',
      '',
      '## Request Parameters',
      '',
      '| Parameter Name | Type | Description | Required |',
      '|---|---|---|---|',
      '| Limit | int | l | No |',
      '| Flag | bool | f | No |',
      '',
      '## Response Field',
      '',
      '| Field Name | Type | Description | Required |',
      '|---|---|---|---|',
      '| Total | int | t | No |',
      '',
      '## Request Example',
      '',
      '```',
      '{"Limit": "ten", "Flag": true, "Other": 1}',
      '```',
      '',
      '## Response Example',
      '',
      '    {',
      '      "Total": "many"',
      '    }',
      '',
    ].join('\n');
    const r = parsePage(page, 'p-api/describe_thing.md', 'p');
    expect(r.diagnostics.filter((d) => CODES.has(d.code)).map((d) => `${d.line} ${d.code} ${d.message.replace(/:.*/, '')}`)).toEqual([
      "7 request-example-type request example sends Limit=ten (line 19), which is not an integer, but row 'Limit' types it integer",
      '19 example-mismatch request example sends parameters the request table lacks',
      '14 response-example-type response example has Total = "many" (line 25), a string, but response row \'Total\' types it integer',
    ]);
  });

  it('linear in the example: 20,000 parameters the table lacks, on 20,000 lines, in well under a second', () => {
    const lines = Array.from({ length: 20_000 }, (_, i) => `&P${i}=v`);
    const page = `# T - DoThing\n\n## Request Parameters\n\n| Parameter Name | Type | Description | Required |\n|---|---|---|---|\n| A | int | a | No |\n\n## Request Example\n\n\`\`\`\nhttps://x/?Action=DoThing\n${lines.join('\n')}\n\`\`\`\n`;
    const t0 = performance.now();
    const r = parsePage(page, 'p-api/do_thing.md', 'p');
    expect(performance.now() - t0).toBeLessThan(2_000);
    expect(r.diagnostics.find((d) => d.code === 'example-mismatch')?.message).toMatch(
      /^request example sends parameters the request table lacks: P0 \(line 13\), P1 \(line 14\),/,
    );
  });
});

describe.skipIf(!existsSync(CORPUS))('example checks on the dev corpus (needs ../shared)', () => {
  it("the issue's findings reproduce: UpgradeUHostInstance's int UHostId vs uhost-xxx, CreateUHostInstance's TimemachineFeature", async () => {
    const r = await lintDocs(CORPUS);
    const all = r.byPage.flatMap((p) => p.diagnostics);
    const upgrade = join(CORPUS, 'uhost-api/upgrade_u_host_instance.md');
    const hit = all.find((d) => d.file.endsWith('uhost-api/upgrade_u_host_instance.md') && d.code === 'request-example-type');
    expect(hit).toMatchObject({ line: lineOf(upgrade, '|UHostId|int|') });
    expect(hit?.message).toContain(`request example sends UHostId=uhost-xxx (line ${lineOf(upgrade, '&UHostId=uhost-xxx')}), which is not an integer`);
    const create = join(CORPUS, 'uhost-api/create_uhost_instance.md');
    const extra = all.find(
      (d) => d.file.endsWith('uhost-api/create_uhost_instance.md') && d.code === 'example-mismatch' && d.message.startsWith('request example sends'),
    );
    expect(extra?.message).toContain(`TimemachineFeature (line ${lineOf(create, '&TimemachineFeature=')})`);
  }, 60_000);
});
