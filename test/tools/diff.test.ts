import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChangeKind } from '../../generator/diff/compare.js';
import { diffSpecs } from '../../generator/diff/compare.js';
import { readSpecDirAtRef } from '../../generator/diff/git.js';
import { renderMarkdown } from '../../generator/diff/diff-report.js';
import type { ActionSpec } from '../../generator/spec/model.js';
import { readSpecDir } from '../../generator/spec/io.js';
import { createCustomImage, describeUHostInstance, field } from './spec-fixtures.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const FIX = join(ROOT, 'test/fixtures/tools/diff');

type Edit = (specs: ActionSpec[]) => void;
const cci = (s: ActionSpec[]): ActionSpec => s.find((x) => x.action === 'CreateCustomImage')!;
const dui = (s: ActionSpec[]): ActionSpec => s.find((x) => x.action === 'DescribeUHostInstance')!;

/** [kind, path, breaking] or [kind, path, breaking, 'review']. */
type Want = [ChangeKind, string, boolean] | [ChangeKind, string, boolean, 'review'];

const CASES: { name: string; edit: Edit; want: Want[] }[] = [
  { name: 'no change', edit: () => {}, want: [] },
  {
    name: 'documentation only (summary, description, example)',
    edit: (s) => {
      cci(s).summary = 'new words';
      cci(s).request[0]!.description = 'reworded';
      cci(s).examples = undefined;
    },
    want: [],
  },
  { name: 'action removed', edit: (s) => void s.splice(s.indexOf(cci(s)), 1), want: [['action-removed', '', true]] },
  {
    name: 'action added',
    edit: (s) => void s.push({ ...cci(s), action: 'CopyCustomImage' }),
    want: [['action-added', '', false]],
  },
  { name: 'optional param added', edit: (s) => void cci(s).request.push(field('Tag', 'string', false)), want: [['param-added', 'request.Tag', false]] },
  { name: 'required param added', edit: (s) => void cci(s).request.push(field('OsType', 'string', true)), want: [['param-added', 'request.OsType', true]] },
  { name: 'param removed', edit: (s) => void cci(s).request.splice(1, 1), want: [['param-removed', 'request.Zone', true]] },
  { name: 'param becomes required', edit: (s) => void (cci(s).request[5]!.required = true), want: [['required-changed', 'request.DataUDiskIds', true]] },
  {
    name: 'Zone becomes required: the client type keeps it optional (filled from defaults), so review, not breaking',
    edit: (s) => void (cci(s).request[1]!.required = true),
    want: [['required-changed', 'request.Zone', false, 'review']],
  },
  {
    name: 'integer -> number is number both ways in the client: reported, not breaking; number -> integer in a request: review',
    edit: (s) => {
      Object.assign(cci(s).response[0]!, { type: 'number' });
      Object.assign(dui(s).request[1]!, { type: 'number' });
      dui(s).models[0]!.fields[1]!.type = 'number';
    },
    want: [
      ['type-changed', 'response.RetCode', false],
      ['type-changed', 'request.Offset', false],
      ['type-changed', 'response.UHostSet[].CPU', false],
    ],
  },
  { name: 'param becomes optional', edit: (s) => void (cci(s).request[0]!.required = false), want: [['required-changed', 'request.Region', false]] },
  {
    name: 'param type changed',
    edit: (s) => void Object.assign(cci(s).request[3]!, { type: 'integer' }),
    want: [['type-changed', 'request.UHostId', true]],
  },
  {
    name: 'array item type changed',
    edit: (s) => void (cci(s).request[5]!.items = { type: 'integer' }),
    want: [['type-changed', 'request.DataUDiskIds', true]],
  },
  {
    name: 'response field added',
    edit: (s) => void cci(s).response.push(field('State', 'string', false)),
    want: [['response-field-added', 'response.State', false]],
  },
  { name: 'response field removed', edit: (s) => void cci(s).response.splice(3, 1), want: [['response-field-removed', 'response.ImageId', true]] },
  {
    name: 'response field becomes optional',
    edit: (s) => void (dui(s).response[2]!.required = false),
    want: [['required-changed', 'response.TotalCount', true]],
  },
  {
    name: 'response field becomes required',
    edit: (s) => void (cci(s).response[3]!.required = true),
    want: [['required-changed', 'response.ImageId', false]],
  },
  {
    name: 'response field now a different model',
    edit: (s) => void (dui(s).response[3]!.items = { type: 'model', model: 'UHostSet2' }),
    want: [['type-changed', 'response.UHostSet', true]],
  },
  { name: 'model added', edit: (s) => void dui(s).models.push({ name: 'Extra', description: '', fields: [] }), want: [['model-added', 'models.Extra', false]] },
  {
    name: 'model removed with the field using it: the exported type disappears',
    edit: (s) => {
      dui(s).models.pop();
      dui(s).models[0]!.fields.pop();
    },
    want: [
      ['model-removed', 'models.UHostDiskSet', true],
      ['response-field-removed', 'response.UHostSet[].DiskSet', true],
    ],
  },
  {
    name: 'model fields are compared where the model is used: added, removed, type changed',
    edit: (s) => {
      const m = dui(s).models[1]!;
      m.fields = [field('DiskId', 'integer', true), field('Type', 'string', false)];
    },
    want: [
      ['type-changed', 'response.UHostSet[].DiskSet[].DiskId', true],
      ['response-field-removed', 'response.UHostSet[].DiskSet[].Size', true],
      ['response-field-added', 'response.UHostSet[].DiskSet[].Type', false],
    ],
  },
  {
    name: 'nested object field removed',
    edit: (s) => void (dui(s).models[0]!.fields[2]!.fields = [field('Value', 'string', false)]),
    want: [
      ['response-field-removed', 'response.UHostSet[].Tags.Key', true],
      ['response-field-added', 'response.UHostSet[].Tags.Value', false],
    ],
  },
  {
    name: 'object with fields becomes free-form: keys lost, and its exported interface is gone',
    edit: (s) => void delete dui(s).models[0]!.fields[2]!.fields,
    want: [
      ['type-removed', 'types.UHostInstanceSetTags', true],
      ['type-changed', 'response.UHostSet[].Tags', true],
    ],
  },
  {
    name: 'page model renamed, same shape, old name gone: a rename where used, breaking only for importers of the name',
    edit: (s) => {
      dui(s).models[1]!.name = 'DiskSet';
      dui(s).models[0]!.fields[3]!.items = { type: 'model', model: 'DiskSet' };
    },
    want: [
      ['model-renamed', 'models.UHostDiskSet', true],
      ['model-renamed', 'response.UHostSet[].DiskSet[]', false],
    ],
  },
  {
    name: 'pagination lost when TotalCount goes: paginateDescribeUHostInstance() disappears',
    edit: (s) => void dui(s).response.splice(2, 1),
    want: [
      ['pagination-removed', '', true],
      ['response-field-removed', 'response.TotalCount', true],
    ],
  },
  {
    name: 'request param limited to a list of values (was any value): compiles (open unions), so review, not breaking',
    edit: (s) => void (cci(s).request[1]!.enum = ['cn-bj2-02']),
    want: [['enum-changed', 'request.Zone', false, 'review']],
  },
  {
    name: 'action marked deprecated, response field deprecated, response values limited: reported, not breaking',
    edit: (s) => {
      dui(s).status = ['deprecated'];
      dui(s).response[2]!.deprecated = true;
      dui(s).response[1]!.enum = ['DescribeUHostInstanceResponse'];
    },
    want: [
      ['status-changed', '', false],
      ['enum-changed', 'response.Action', false],
      ['deprecated-changed', 'response.TotalCount', false],
    ],
  },
];

describe('diffSpecs', () => {
  it.each(CASES)('$name', ({ edit, want }) => {
    const before = [createCustomImage(), describeUHostInstance()];
    const after = structuredClone(before);
    edit(after);
    const got = diffSpecs(before, after).changes.map((c) => (c.review ? [c.change, c.path, c.breaking, 'review'] : [c.change, c.path, c.breaking]));
    expect(got).toEqual(want);
  });

  it('request enum: a value removed is for review, a value added is not, never breaking; the exported list gone is', () => {
    const before = [createCustomImage()];
    before[0]!.request[1]!.enum = ['a', 'b'];
    const wider = structuredClone(before);
    wider[0]!.request[1]!.enum = ['a', 'b', 'c'];
    const narrower = structuredClone(before);
    narrower[0]!.request[1]!.enum = ['a'];
    const freed = structuredClone(before);
    delete freed[0]!.request[1]!.enum;
    const got = [wider, narrower, freed].map((after) => diffSpecs(before, after).changes.map((c) => [c.change, c.breaking, c.review, c.detail]));
    expect(got).toEqual([
      [['enum-changed', false, false, 'allowed values: added c']],
      [['enum-changed', false, true, 'allowed values: removed b']],
      [
        ['enum-changed', false, false, 'allowed values: any value now allowed'],
        [
          'values-removed',
          true,
          false,
          'exported list CreateCustomImageRequestZoneValues removed (its field, interface or allowed values are gone); code importing CreateCustomImageRequestZoneValues breaks',
        ],
      ],
    ]);
  });

  it('a free-form object gets fields: a request is fine while they are optional, a response always breaks (keys appear, Record is gone)', () => {
    const before = [createCustomImage()];
    before[0]!.request.push(field('Tags', 'object', false));
    before[0]!.response.push(field('Labels', 'object', false));
    const withFields = (required: boolean): ActionSpec[] => {
      const after = structuredClone(before);
      after[0]!.request[6]!.fields = [field('Key', 'string', required)];
      after[0]!.response[5]!.fields = [field('Key', 'string', false)];
      return after;
    };
    const got = [false, true].map((required) => diffSpecs(before, withFields(required)).changes.map((c) => [c.change, c.path, c.breaking]));
    expect(got).toEqual([
      [
        ['type-changed', 'request.Tags', false],
        ['type-changed', 'response.Labels', true],
      ],
      [
        ['type-changed', 'request.Tags', true],
        ['type-changed', 'response.Labels', true],
      ],
    ]);
  });

  it('a cyclic model is compared once per pair of models (terminates) and changes inside the cycle are found', () => {
    const node = (extra: ActionSpec['models'][number]['fields']) => ({
      name: 'Node',
      description: '',
      fields: [field('Id', 'string', true), field('Children', 'array', false, { items: { type: 'model', model: 'Node' } }), ...extra],
    });
    const spec = (extra: ActionSpec['models'][number]['fields']): ActionSpec => ({
      ...describeUHostInstance(),
      response: [field('Root', 'model', false, { model: 'Node' })],
      models: [node(extra)],
    });
    const got = diffSpecs([spec([field('Name', 'string', false)])], [spec([])]).changes.map((c) => [c.change, c.path, c.breaking]);
    expect(got).toEqual([['response-field-removed', 'response.Root.Name', true]]);
  });

  it('done-when: required param added + response field removed + action added gives exactly those three', async () => {
    const before = await readSpecDir(join(FIX, 'before'));
    const after = await readSpecDir(join(FIX, 'after'));
    expect([...before.diagnostics, ...after.diagnostics]).toEqual([]);
    const report = diffSpecs(before.specs, after.specs);
    expect(report.changes.map(({ action, change, path, breaking }) => ({ action, change, path, breaking }))).toEqual([
      { action: 'CreateCustomImage', change: 'param-added', path: 'request.OsType', breaking: true },
      { action: 'CreateCustomImage', change: 'response-field-removed', path: 'response.DataSnapshotIds', breaking: true },
      { action: 'TerminateCustomImage', change: 'action-added', path: '', breaking: false },
    ]);
    expect(report.summary).toMatchObject({ total: 3, breaking: 2, nonBreaking: 1, actionsBefore: 2, actionsAfter: 3 });
  });

  it('markdown names every change and separates breaking ones', () => {
    const before = [createCustomImage()];
    const after = structuredClone(before);
    after[0]!.response.pop();
    const md = renderMarkdown(diffSpecs(before, after), { before: 'a', after: 'b' });
    expect(md).toContain('### ⚠️ Breaking');
    expect(md).toContain('| uhost/CreateCustomImage | response-field-removed | `response.DataSnapshotIds` |');
    expect(md).not.toContain('Non-breaking');
    expect(renderMarkdown(diffSpecs(before, before), { before: 'a', after: 'b' })).toContain('No API changes');
  });
});

describe('scloud-gen diff (CLI)', () => {
  const cli = (args: string[], cwd = ROOT) => spawnSync(process.execPath, [join(ROOT, 'bin/scloud-gen.js'), 'diff', ...args], { cwd, encoding: 'utf8' });

  it('json output, --fail-on-breaking exits 1', () => {
    const r = cli([join(FIX, 'before'), join(FIX, 'after'), '--format', 'json', '--fail-on-breaking']);
    expect(r.status).toBe(1);
    const body = JSON.parse(r.stdout) as { changes: unknown[]; summary: { breaking: number } };
    expect(body.changes).toHaveLength(3);
    expect(body.summary.breaking).toBe(2);
  }, 30_000);

  it('exits 0 without --fail-on-breaking; usage errors exit 2', () => {
    expect(cli([join(FIX, 'before'), join(FIX, 'after')]).status).toBe(0);
    const notDir = cli([join(FIX, 'before'), join(FIX, 'before/uhost/CreateCustomImage.yaml')]);
    expect(notDir.status).toBe(2);
    expect(notDir.stderr).toContain('is a file, not a spec dir');
    expect(cli([join(FIX, 'before')]).status).toBe(2);
    expect(cli([join(FIX, 'before'), join(FIX, 'after'), '--format', 'xml']).status).toBe(2);
  }, 30_000);
});

describe('a side with no spec dir (every product deleted) is an empty API', () => {
  let dir: string;
  beforeAll(() => void (dir = mkdtempSync(join(tmpdir(), 'scloud-diff-empty-'))));
  afterAll(() => dir !== undefined && rmSync(dir, { recursive: true, force: true }));
  const scloud = (args: string[]) => spawnSync(process.execPath, [join(ROOT, 'bin/scloud-gen.js'), ...args], { cwd: ROOT, encoding: 'utf8' });

  it('the build of a docs folder with no product writes no spec dir; diff warns once, naming it, and reports every action removed', () => {
    mkdirSync(join(dir, 'docs-old'));
    cpSync(join(ROOT, 'spec/docs/uhost-api'), join(dir, 'docs-old/uhost-api'), { recursive: true });
    mkdirSync(join(dir, 'docs-new'));
    const build = (side: string) =>
      scloud(['build', '--no-cache', '--docs', join(dir, `docs-${side}`), '--spec', join(dir, `spec-${side}`), '--out', join(dir, `out-${side}`)]);
    expect(build('old').status).toBe(0);
    // A docs folder without pages is a usage error (it would empty every output): nothing is written.
    const empty = build('new');
    expect(empty.status).toBe(2);
    expect(empty.stderr).toContain('has no pages in <product>/<page>.md form (0 pages)');
    expect(existsSync(join(dir, 'spec-new'))).toBe(false);
    const r = scloud(['diff', join(dir, 'spec-old'), join(dir, 'spec-new'), '--format', 'json']);
    expect(r.status).toBe(0);
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/warning missing-spec-dir spec dir '.*spec-new' does not exist; compared as an empty API/);
    const body = JSON.parse(r.stdout) as { changes: { change: string; action: string }[]; summary: { actionsAfter: number } };
    expect(body.changes.map((c) => `${c.change} ${c.action}`)).toEqual(['action-removed CreateCustomImage']);
    expect(body.summary.actionsAfter).toBe(0);
    const back = scloud(['diff', join(dir, 'spec-new'), join(dir, 'spec-old'), '--format', 'json']);
    expect((JSON.parse(back.stdout) as { changes: { change: string }[] }).changes.map((c) => c.change)).toEqual(['action-added']);
  }, 60_000);
});

describe('--base <git-ref>', () => {
  const repo = mkdtempSync(join(tmpdir(), 'scloud-diff-'));
  afterAll(() => rmSync(repo, { recursive: true, force: true }));
  const git = (...args: string[]) => execFileSync('git', ['-c', 'user.email=t@example.com', '-c', 'user.name=t', ...args], { cwd: repo, encoding: 'utf8' });

  it('reads the spec at the ref from git, compares with the working tree', async () => {
    git('init', '-q');
    cpSync(join(FIX, 'before'), join(repo, 'spec/api'), { recursive: true });
    writeFileSync(join(repo, 'spec/api/README.txt'), 'not a spec');
    git('add', '.');
    git('commit', '-q', '-m', 'before');
    rmSync(join(repo, 'spec/api'), { recursive: true });
    cpSync(join(FIX, 'after'), join(repo, 'spec/api'), { recursive: true });

    const atRef = await readSpecDirAtRef('HEAD', 'spec/api', repo);
    expect(atRef.diagnostics).toEqual([]);
    expect(atRef.specs.map((s) => s.action)).toEqual(['CreateCustomImage', 'DescribeUHostInstance']);

    const r = spawnSync(process.execPath, [join(ROOT, 'bin/scloud-gen.js'), 'diff', '--base', 'HEAD', '--format', 'json'], {
      cwd: repo,
      encoding: 'utf8',
    });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect((JSON.parse(r.stdout) as { summary: { total: number } }).summary.total).toBe(3);
  }, 30_000);

  it('an unknown ref is a usage error', async () => {
    await expect(readSpecDirAtRef('no-such-ref', 'spec/api', repo)).rejects.toThrow(/not a commit/);
  });
});
