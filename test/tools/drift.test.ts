/**
 * `scloud-gen drift` on real drift logs: clients of a spec parsed from a fixture page call a local server that
 * answers drifted bodies, in two runs that write two logs (two machines); the command reads them with and
 * without --docs, as text and --json, and writes, merges or refuses overlay stubs that make the spec match.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync, mkdirSync, appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { driftLogWriter } from '../../runtime/drift-log.js';
import { Client, type ActionMeta } from '../../runtime/index.js';
import { checkResponseShape } from '../../runtime/response-check.js';
import { parseDocs } from '../../generator/engine/library.js';
import { readSpecDir } from '../../generator/spec/io.js';
import type { ActionSpec } from '../../generator/spec/model.js';
import { requestShape, responseShape } from '../../generator/spec/shape.js';
import { PRIVATE_KEY, PUBLIC_KEY, TestServer, type Step } from '../runtime/server.js';
import { removeDir, ROOT, runCli, tempDir } from '../emit/helpers.js';

const DOCS = join(ROOT, 'test/fixtures/tools/drift/docs');
const PAGE = join(DOCS, 'uhost/describe_uhost_instance.md');
const server = new TestServer();
let dir: string;
let spec: ActionSpec;
let logs: string[];
/** Lines machine-b's log had before the two stray lines appended to it. */
let recordLines: number;

/** The 1-based line of the first page line containing `text`. */
const lineOf = (text: string): number =>
  readFileSync(PAGE, 'utf8')
    .split('\n')
    .findIndex((l) => l.includes(text)) + 1;

/** Every kind: State an integer, Size a string, TotalCount missing, Zone and Extra undocumented; IsBoot a string in run 2 only. */
function drifted(run: number): Record<string, unknown> {
  return {
    RetCode: 0,
    Action: 'DescribeUHostInstanceResponse',
    Extra: { a: 1 },
    UHostSet: [
      { UHostId: 'uhost-secret-1', State: 3, CPU: 2, Zone: 'cn-bj2-04', DiskSet: [{ DiskId: 'bs-1', Size: '40', IsBoot: run === 2 ? 'true' : true }] },
    ],
  };
}
const answer =
  (body: Record<string, unknown>): Step =>
  (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json', 'x-ucloud-request-uuid': 'req-x' });
    res.end(JSON.stringify(body));
  };

beforeAll(async () => {
  await server.start();
  dir = tempDir('drift');
  expect((await runCli(['parse', '--docs', DOCS, '--spec', join(dir, 'spec')])).code).toBe(0);
  [spec] = (await readSpecDir(join(dir, 'spec'))).specs as [ActionSpec];
  const meta: ActionMeta = {
    action: spec.action,
    idempotent: spec.idempotent,
    product: spec.product,
    doc: spec.source,
    params: requestShape(spec),
    response: responseShape(spec),
  };
  logs = [join(dir, 'machine-a.jsonl'), join(dir, 'machine-b.jsonl')];
  for (const [i, log] of logs.entries()) {
    const client = new Client({
      publicKey: PUBLIC_KEY,
      privateKey: PRIVATE_KEY,
      baseUrl: server.url,
      region: 'cn-bj2',
      transport: 'http',
      env: { SCLOUD_DRIFT_LOG: log },
      home: '/nonexistent',
      validateResponses: 'warn',
      logLevel: 'silent',
    });
    server.play(answer(drifted(i + 1)), answer(drifted(i + 1)), answer(drifted(i + 1)));
    for (let call = 0; call < 3; call++) await client.invoke(meta, {});
    client.close();
    await new Promise((r) => setTimeout(r, 50)); // node:fs is loaded on the first record
    driftLogWriter(log, () => undefined).flush(); // what the process does at exit
  }
  recordLines = readFileSync(logs[1]!, 'utf8').split('\n').length - 1;
  appendFileSync(logs[1]!, 'not json at all, maybe a password\n{"action":"X","path":"Y","kind":"type-mismatch"}\n');
});
afterAll(async () => {
  await server.stop();
  removeDir(dir);
});

describe('scloud-gen drift', () => {
  it('groups the records of several logs by action, path and kind, and names the table and row to fix', async () => {
    const r = await runCli(['drift', ...logs, '--spec', join(dir, 'spec')]);
    expect(r.code).toBe(0);
    const out = r.out;
    expect(out).toContain(`${logs[1]}:${recordLines + 1}: skipped: not JSON\n${logs[1]}:${recordLines + 2}: skipped: no 'time' (an ISO 8601 time)\n`);
    expect(out).not.toContain('password');
    expect(out).toContain('uhost/DescribeUHostInstance (uhost/describe_uhost_instance.md)\n');
    expect(out).toMatch(
      / {2}type-mismatch {4}UHostSet\[\]\.State +documented string, received integer {2}\(6x, .*, 2 files\)\n {4}uhost\/describe_uhost_instance\.md model UHostInstanceSet, row 'State': change the type of 'State' from string to integer\n/,
    );
    expect(out).toMatch(
      / {2}type-mismatch {4}UHostSet\[\]\.DiskSet\[\]\.IsBoot +documented boolean, received string {2}\(3x, [^,]*\)\n {4}uhost\/describe_uhost_instance\.md model UHostDiskSet, row 'IsBoot': change the type of 'IsBoot' from boolean to string\n/,
    );
    expect(out).toMatch(
      / {2}required-missing TotalCount +required, missing \(documented integer\) {2}\(6x, .*\)\n {4}uhost\/describe_uhost_instance\.md response table, row 'TotalCount': set Required to No for 'TotalCount' \(the API leaves it out\)\n/,
    );
    expect(out).toMatch(
      / {2}undocumented {5}UHostSet\[\]\.Zone +undocumented, received string .*\n {4}uhost\/describe_uhost_instance\.md model UHostInstanceSet, row 'Zone': add a row 'Zone' \(string\) to the model UHostInstanceSet\n/,
    );
    expect(out).toMatch(
      /\n6 findings \(3 type-mismatch, 1 required-missing, 2 undocumented\) in 1 action, from \d+ records \(33 occurrences\) in 2 files; 2 lines skipped\n$/,
    );
    expect(out).not.toMatch(/uhost-secret|cn-bj2-04|"40"/);
  });

  it('with --docs: file:line of each row (the table for a row to add); --json has the same facts', async () => {
    const r = await runCli(['drift', ...logs, '--spec', join(dir, 'spec'), '--docs', DOCS, '--json']);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.out) as {
      groups: {
        path: string;
        kind: string;
        count: number;
        logs: number;
        received: Record<string, number>;
        firstSeen: string;
        lastSeen: string;
        requestIds: string[];
        location: { file: string; line: number; row: string; table: string; fix: string };
      }[];
      records: number;
      skipped: unknown[];
    };
    const at = (path: string, kind: string) => report.groups.find((g) => g.path === path && g.kind === kind)!;
    expect(at('UHostSet[].State', 'type-mismatch')).toMatchObject({
      count: 6,
      logs: 2,
      received: { integer: 6 },
      requestIds: ['req-x'],
      location: { file: `${DOCS}/uhost/describe_uhost_instance.md`, line: lineOf('| **State** |'), row: 'State', table: 'model UHostInstanceSet' },
    });
    expect(at('UHostSet[].DiskSet[].Size', 'type-mismatch').location.line).toBe(lineOf('| **Size** |'));
    expect(at('TotalCount', 'required-missing').location.line).toBe(lineOf('| **TotalCount** |'));
    expect(at('Extra', 'undocumented').location).toMatchObject({ table: 'response table', line: lineOf('| Field Name |') });
    expect(at('UHostSet[].Zone', 'undocumented').location.line).toBe(lineOf('| **UHostId** |') - 2); // the model's table
    expect(Date.parse(at('TotalCount', 'required-missing').firstSeen)).toBeLessThanOrEqual(Date.parse(at('TotalCount', 'required-missing').lastSeen));
    expect(report.skipped).toHaveLength(2);
    const text = await runCli(['drift', ...logs, '--spec', join(dir, 'spec'), '--docs', DOCS]);
    expect(text.out).toContain(`${DOCS}/uhost/describe_uhost_instance.md:${lineOf('| **State** |')} model UHostInstanceSet, row 'State'`);
  });

  it('without the action in the spec: groups and counts, rows not located, and a note saying why', async () => {
    const r = await runCli(['drift', logs[0]!, '--spec', join(ROOT, 'spec/api')]);
    expect(r.code).toBe(0);
    expect(r.out).toContain('  type-mismatch    UHostSet[].State');
    expect(r.out).toContain('    row not located in the spec\n');
    expect(r.out).toContain('note: not in the spec: uhost/DescribeUHostInstance');
  });

  it('--write-overrides writes a stub that makes the spec match what was received; a second run leaves it unchanged', async () => {
    const out = join(dir, 'overrides');
    const r = await runCli(['drift', ...logs, '--spec', join(dir, 'spec'), '--write-overrides', out]);
    expect(r.code).toBe(0);
    const file = join(out, 'uhost/DescribeUHostInstance.yaml');
    expect(r.out).toContain(`overrides: written ${file} (6 changes`);
    const stub = readFileSync(file, 'utf8');
    expect(stub).toMatch(/^# Overlay stub written by `scloud-gen drift` for uhost\/DescribeUHostInstance/);
    expect(stub).toContain('# UHostSet[].State: documented string, received integer (6); 6 times, ');
    // Applied to the docs, the stub makes every drift of the logs go away.
    const parsed = await parseDocs(DOCS, { overridesDir: out });
    expect(parsed.diagnostics.filter((d) => d.severity !== 'info')).toEqual([]);
    const fixed = parsed.specs[0]!;
    expect(checkResponseShape(drifted(2), responseShape(fixed))).toEqual([]);
    // Responses that matched were not logged: IsBoot, a string in run 2 only, is now documented as one (for review).
    expect(checkResponseShape(drifted(1), responseShape(fixed)).map((f) => f.path)).toEqual(['UHostSet[].DiskSet[].IsBoot']);
    expect(checkResponseShape(drifted(1), responseShape(spec))).not.toEqual([]);
    const again = await runCli(['drift', ...logs, '--spec', join(dir, 'spec'), '--write-overrides', out]);
    expect(again.out).toContain(`overrides: unchanged ${file}`);
    expect(readFileSync(file, 'utf8')).toBe(stub);
    expect(readdirSync(join(out, 'uhost'))).toEqual(['DescribeUHostInstance.yaml']);
  });

  it("merges into a user's overlay, keeping its comments and entries; refuses one that says otherwise and leaves it as it was", async () => {
    const out = join(dir, 'user-overrides');
    mkdirSync(join(out, 'uhost'), { recursive: true });
    const file = join(out, 'uhost/DescribeUHostInstance.yaml');
    const mine = '# my notes: keep me\nsummary: Lists hosts (fixed by hand).\nresponse:\n  - name: TotalCount\n    description: How many. # inline note\n';
    writeFileSync(file, mine);
    const r = await runCli(['drift', ...logs, '--spec', join(dir, 'spec'), '--write-overrides', out]);
    expect(r.out).toContain(`overrides: merged ${file}`);
    const merged = readFileSync(file, 'utf8');
    expect(merged).toMatch(
      /^# my notes: keep me\nsummary: Lists hosts \(fixed by hand\)\.\nresponse:\n {2}- name: TotalCount\n {4}description: How many\. # inline note\n/,
    );
    expect(merged).toContain('required: false');
    const parsed = await parseDocs(DOCS, { overridesDir: out });
    expect(parsed.specs[0]!.summary).toBe('Lists hosts (fixed by hand).');
    expect(checkResponseShape(drifted(2), responseShape(parsed.specs[0]!))).toEqual([]);

    const conflict = '# mine\nmodels:\n  - name: UHostInstanceSet\n    fields:\n      - name: State\n        type: boolean\n';
    writeFileSync(file, conflict);
    const refused = await runCli(['drift', ...logs, '--spec', join(dir, 'spec'), '--write-overrides', out]);
    expect(refused.code).toBe(0);
    expect(refused.out).toContain(
      `overrides: refused ${file}: ${file} already says otherwise: models.UHostInstanceSet.State.type is "boolean", the drift says "integer"; edit it by hand (left unchanged)`,
    );
    expect(readFileSync(file, 'utf8')).toBe(conflict);
    writeFileSync(file, 'response: [unclosed\n');
    expect((await runCli(['drift', ...logs, '--spec', join(dir, 'spec'), '--write-overrides', out])).out).toMatch(
      /overrides: refused .* is not valid YAML; fix it or move it aside/,
    );
    expect(readdirSync(join(out, 'uhost'))).toEqual(['DescribeUHostInstance.yaml']);
  });

  it('usage errors: no log, a log that is not a file, a spec dir that is not there; exit 2', async () => {
    expect(await runCli(['drift'])).toMatchObject({ code: 2, err: expect.stringContaining('no drift log given') });
    expect(await runCli(['drift', join(dir, 'nope.jsonl')])).toMatchObject({
      code: 2,
      err: expect.stringContaining('is not a file; pass the files SCLOUD_DRIFT_LOG wrote'),
    });
    expect(await runCli(['drift', logs[0]!, '--spec', join(dir, 'nope')])).toMatchObject({ code: 2 });
    expect(existsSync(join(dir, 'nope'))).toBe(false);
  });
});
