/**
 * Names that survive renames (issue 25): the alias file (spec/aliases.ts) read strictly, its entries emitted as
 * `@deprecated` aliases of a renamed model and of every name it brings (nested interfaces, allowed-value lists),
 * chains followed, stale entries reported on their line with what to do; the build carries the file; diff counts a
 * rename an alias covers as non-breaking and a dropped alias as breaking; changelog proposes, writes and drops them.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { proposeAliases, dropExpired } from '../../generator/diff/alias-plan.js';
import { diffSpecs } from '../../generator/diff/compare.js';
import { generateFiles } from '../../generator/engine/library.js';
import { parseAliases, serializeAliases, type AliasEntry } from '../../generator/spec/aliases.js';
import { serializeSpec } from '../../generator/spec/io.js';
import type { ActionSpec, Field } from '../../generator/spec/model.js';
import { removeDir, ROOT, runCli, tempDir, typecheck, writeTree } from '../emit/helpers.js';

const f = (name: string, rest: Partial<Field> = {}): Field => ({ name, type: 'string', required: false, description: '', ...rest });

/** DescribeThing, whose response holds model `name` (a nested object, a field with allowed values). */
function thing(name: string, extra: Field[] = []): ActionSpec {
  return {
    action: 'DescribeThing',
    product: 'demo',
    title: 'Describe things',
    summary: '',
    source: 'demo-api/describe_thing.md',
    docUrl: 'https://docs.example/describe_thing',
    idempotent: true,
    request: [f('Region', { required: true })],
    response: [f('Items', { type: 'array', items: { type: 'model', model: name } })],
    models: [
      {
        name,
        description: 'A disk',
        fields: [
          f('Type', { enum: ['SSD', 'HDD'], enumMeanings: { SSD: 'solid' } }),
          f('Boot', { type: 'object', fields: [f('Size', { type: 'integer' })] }),
          ...extra,
        ],
      },
    ],
  };
}

const alias = (old: string, to: string, since = '1.1.0', line = 0): AliasEntry => ({ product: 'demo', old, new: to, since, line });

describe('the alias file', () => {
  it('round-trips, sorted, and reads hand edits with comments and quotes', () => {
    const text = serializeAliases([alias('Zeta', 'Z2'), alias('Disks', 'FamiliesDisks')]);
    const { entries, problems } = parseAliases(text);
    expect(problems).toEqual([]);
    expect(entries.map((e) => `${e.old}->${e.new}@${e.since}:${e.line}`)).toEqual(['Disks->FamiliesDisks@1.1.0:5', 'Zeta->Z2@1.1.0:9']);
    expect(serializeAliases(entries)).toBe(text);
    expect(parseAliases('- product: demo # the product\n  old: \'Disks\'\n  new: "Families"\n  since: 2.0.0-rc.1\n').problems).toEqual([]);
  });

  it('says what is wrong, on which line', () => {
    const { problems } = parseAliases(
      [
        '- product: demo',
        '  old: Disks',
        '  new: Disks',
        '  since: v1.0',
        '- product: Demo!',
        '  old: 1Disks',
        '  colour: red',
        'just text',
        '- product: demo',
        '  old: Disks',
        '  new: Other',
        '  since: 1.0.0',
        '- product: demo',
        '  old: Alone',
      ].join('\n'),
    );
    expect(problems).toEqual([
      { line: 7, message: "unknown key 'colour'; keys are product, old, new, since" },
      { line: 8, message: "'just text' is not a 'key: value' line of an entry ('- product: <id>', then '  old: ...', '  new: ...', '  since: ...')" },
      { line: 5, message: 'entry lacks new, since; an entry has product, old, new and since' },
      { line: 13, message: 'entry lacks new, since; an entry has product, old, new and since' },
      { line: 1, message: "old and new are both 'Disks': an alias names another type; remove the entry" },
      { line: 1, message: "since 'v1.0' is not a version like 1.2.0 (the release that made the alias)" },
      { line: 9, message: "demo 'Disks' already has an alias at line 1; keep one entry" },
    ]);
  });
});

describe('aliases in the generated client', () => {
  let dir = '';
  afterEach(() => removeDir(dir));

  it('an alias keeps the old name of a model and of every name it brings, deprecated, naming the new one; old code compiles', async () => {
    const r = await generateFiles([thing('FamiliesDisks')], { progress: false, aliases: [alias('Disks', 'FamiliesDisks')] });
    const models = r.files.get('demo/models.ts')!;
    expect(models).toContain(
      '/** @deprecated The docs renamed Disks to {@link FamiliesDisks}: use that. An alias since 1.1.0, until the next release that breaks code. */\nexport type Disks = FamiliesDisks;',
    );
    expect(models).toContain(
      '/** @deprecated Use {@link FamiliesDisksBoot} (the docs renamed Disks to FamiliesDisks). */\nexport type DisksBoot = FamiliesDisksBoot;',
    );
    expect(models).toContain('export const DisksTypeValues = FamiliesDisksTypeValues;');
    expect(models).toContain('export const DisksTypeMeanings = FamiliesDisksTypeMeanings;');
    expect(r.files.get('demo/index.ts')).toMatch(/export type \{[^}]*\bDisks,\s*DisksBoot\b[^}]*\} from '\.\/models\.js';/);
    expect(r.warnings).toEqual([]);
    // Code written against the release that exported Disks compiles against this client.
    dir = tempDir('aliases');
    writeTree(join(dir, 'gen'), r.files);
    writeFileSync(
      join(dir, 'old-code.ts'),
      [
        "import { DisksTypeValues, type Disks, type DisksBoot, type DescribeThingResponse } from './gen/demo/index.js';",
        'export const first = (r: DescribeThingResponse): Disks | undefined => r.Items?.[0];',
        'export const boot = (d: Disks): DisksBoot | undefined => d.Boot;',
        'export const types: readonly string[] = DisksTypeValues;',
        '',
      ].join('\n'),
    );
    expect(typecheck(dir, ['old-code.ts', 'gen/**/*.ts'])).toBe('');
  });

  it('follows an alias to an alias (renamed twice) to the model, and reports stale entries on their line with what to do', async () => {
    const entries = [alias('Disks', 'FamiliesDisks', '1.1.0', 5), alias('FamiliesDisks', 'HostDisks', '1.2.0', 9), alias('Gone', 'NoSuchModel', '1.1.0', 13)];
    entries.push(alias('Items', 'HostDisks', '1.1.0', 17), alias('Loop1', 'Loop2', '1.1.0', 21), alias('Loop2', 'Loop1', '1.1.0', 25));
    const r = await generateFiles([thing('HostDisks'), { ...thing('Items'), action: 'GetThing' }], { progress: false, aliases: entries });
    const models = r.files.get('demo/models.ts')!;
    expect(models).toContain('export type Disks = HostDisks;');
    expect(models).toContain('export type FamiliesDisks = HostDisks;');
    expect(models).toContain('export const DisksTypeValues = HostDisksTypeValues;');
    expect(models).not.toMatch(/export type (Gone|Loop1|Loop2) /);
    expect(r.warnings.map((d) => `${d.file}:${d.line} ${d.severity} ${d.code} ${d.message}`)).toEqual([
      "aliases.yaml:13 error stale-alias alias 'Gone' -> 'NoSuchModel': 'NoSuchModel' is not a model of demo any more (the docs removed or renamed it); set new to the model that replaced it, or delete the entry (code importing Gone then breaks: do it in a major release)",
      "aliases.yaml:17 error stale-alias demo exports 'Items' again (the docs use the name for a type of their own), so no alias is made: delete this entry",
      "aliases.yaml:21 error stale-alias alias 'Loop1' -> 'Loop2': leads back to 'Loop1' (through Loop2); set new to the model that replaced it, or delete the entry (code importing Loop1 then breaks: do it in a major release)",
      "aliases.yaml:25 error stale-alias alias 'Loop2' -> 'Loop1': leads back to 'Loop2' (through Loop1); set new to the model that replaced it, or delete the entry (code importing Loop2 then breaks: do it in a major release)",
    ]);
  });

  it('the build reads <spec>/aliases.yaml, carries it (never a stray, never written), rebuilds on a hand edit, and refuses a broken one', async () => {
    dir = tempDir('aliases-build');
    const spec = join(dir, 'spec');
    mkdirSync(join(spec, 'demo'), { recursive: true });
    writeFileSync(join(spec, 'demo/DescribeThing.yaml'), serializeSpec(thing('FamiliesDisks')));
    const args = ['generate', '--spec', spec, '--out', join(dir, 'gen')];
    writeFileSync(join(spec, 'aliases.yaml'), serializeAliases([alias('Disks', 'FamiliesDisks')]));
    expect((await runCli(args)).code).toBe(0);
    expect(readFileSync(join(dir, 'gen/demo/models.ts'), 'utf8')).toContain('export type Disks = FamiliesDisks;');
    writeFileSync(join(spec, 'aliases.yaml'), serializeAliases([alias('OldDisks', 'FamiliesDisks')]));
    expect((await runCli(args)).code).toBe(0);
    const models = readFileSync(join(dir, 'gen/demo/models.ts'), 'utf8');
    expect(models).toContain('export type OldDisks = FamiliesDisks;');
    expect(models).not.toContain('export type Disks ');
    expect((await runCli(['check', '--docs', join(dir, 'no-docs'), ...args.slice(1)])).code).toBe(0);
    writeFileSync(join(spec, 'aliases.yaml'), serializeAliases([alias('Disks', 'FamiliesDisks'), { ...alias('Other', 'FamiliesDisks'), product: 'nope' }]));
    const stray = await runCli(args);
    expect(stray.code).toBe(1);
    expect(stray.err).toContain(
      "aliases.yaml:9:0 error stale-alias alias 'Other' -> 'FamiliesDisks' names product 'nope', which these docs do not have: delete the entry (or fix the product id)",
    );
    writeFileSync(join(spec, 'aliases.yaml'), '- product: demo\n  old: Disks\n');
    const broken = await runCli(args);
    expect(broken.code).toBe(2);
    expect(broken.err).toContain(`${join(spec, 'aliases.yaml')}:1: entry lacks new, since; an entry has product, old, new and since`);
  });

  it("a build from docs keeps aliases.yaml in the spec folder as it is (not the generator's), and check does not call it a stray", async () => {
    dir = tempDir('aliases-docs');
    mkdirSync(join(dir, 'docs'));
    execFileSync('cp', ['-r', join(ROOT, 'spec/docs/uhost-api'), join(dir, 'docs/')]);
    const args = ['--docs', join(dir, 'docs'), '--spec', join(dir, 'spec'), '--out', join(dir, 'gen')];
    expect((await runCli(['build', ...args])).code).toBe(0);
    const text = `# kept by hand\n${serializeAliases([{ ...alias('OldName', 'Nothing'), product: 'uhost' }])}`;
    writeFileSync(join(dir, 'spec/aliases.yaml'), text);
    const r = await runCli(['build', ...args]);
    expect(r.err).toMatch(/aliases\.yaml:\d+:0 error stale-alias alias 'OldName' -> 'Nothing': 'Nothing' is not a model of uhost/);
    expect(readFileSync(join(dir, 'spec/aliases.yaml'), 'utf8')).toBe(text);
    expect(readFileSync(join(dir, 'spec/.scloud-manifest'), 'utf8')).not.toContain('aliases.yaml');
    const check = await runCli(['check', ...args]);
    expect(check.out).not.toContain('stray');
  });
});

describe('diff and changelog with aliases', () => {
  const before = [thing('Disks')];
  const after = [thing('FamiliesDisks')];
  const lines = (r: ReturnType<typeof diffSpecs>): string[] => r.changes.map((c) => `${c.change} ${c.path || c.action} ${c.breaking}`);

  it('a rename is breaking without an alias (the old name and its lists are gone) and not with one', () => {
    const bare = diffSpecs(before, after);
    expect(lines(bare)).toEqual([
      'model-renamed models.Disks true',
      'type-removed types.DisksBoot true',
      'values-removed values.DisksTypeMeanings true',
      'values-removed values.DisksTypeValues true',
      'model-renamed response.Items[] false',
    ]);
    expect(bare.changes[0]!.renamedTo).toBe('FamiliesDisks');
    const plan = proposeAliases(bare, [], '1.1.0');
    expect(plan.added.map((e) => `${e.old}->${e.new}@${e.since}`)).toEqual(['Disks->FamiliesDisks@1.1.0']);
    const covered = diffSpecs(before, after, {}, { after: plan.entries });
    expect(lines(covered)).toEqual(['model-renamed models.Disks false', 'model-renamed response.Items[] false']);
    expect(covered.changes[0]!.detail).toBe('exported type Disks is now FamiliesDisks; Disks stays as a deprecated alias of it (aliases.yaml)');
    // The alias dropped later (a breaking release): its names are gone, which breaks importers.
    const dropped = diffSpecs(after, after, {}, { before: plan.entries, after: [] });
    expect(lines(dropped)).toEqual([
      'type-removed types.Disks true',
      'type-removed types.DisksBoot true',
      'values-removed values.DisksTypeMeanings true',
      'values-removed values.DisksTypeValues true',
    ]);
  });

  it('renamed again: the new alias is proposed and the old one follows it; a breaking release drops the earlier ones', () => {
    const first = [alias('Disks', 'FamiliesDisks', '1.1.0')];
    const again = diffSpecs(after, [thing('HostDisks')], {}, { before: first, after: first });
    const plan = proposeAliases(again, first, '1.2.0');
    expect(plan.entries.map((e) => `${e.old}->${e.new}@${e.since}`)).toEqual(['Disks->HostDisks@1.1.0', 'FamiliesDisks->HostDisks@1.2.0']);
    expect(plan.retargeted.map((e) => e.old)).toEqual(['Disks']);
    expect(diffSpecs(after, [thing('HostDisks')], {}, { before: first, after: plan.entries }).summary.breaking).toBe(0);
    const major = dropExpired(plan, '2.0.0');
    expect(major.entries).toEqual([]);
    expect(major.dropped.map((e) => e.old)).toEqual(['Disks', 'FamiliesDisks']);
    expect(dropExpired(plan, '1.2.0').entries.map((e) => e.old)).toEqual(['FamiliesDisks']);
  });
});

describe('scloud-gen changelog writes the aliases of a release', () => {
  let dir = '';
  afterEach(() => removeDir(dir));
  const git = (...args: string[]): string =>
    execFileSync('git', ['-c', 'user.email=t@example.com', '-c', 'user.name=t', ...args], { cwd: dir, encoding: 'utf8' });
  const cli = (args: string[]) => spawnSync(process.execPath, [join(ROOT, 'bin/scloud-gen.js'), ...args], { cwd: dir, encoding: 'utf8' });
  const specAt = (specs: ActionSpec[]): void => {
    for (const s of specs) {
      mkdirSync(join(dir, 'spec/api', s.product), { recursive: true });
      writeFileSync(join(dir, 'spec/api', s.product, `${s.action}.yaml`), serializeSpec(s));
    }
  };

  it('--no-aliases leaves renames breaking; the default proposes the aliases (minor), --write records them; the next breaking release drops them', () => {
    dir = tempDir('aliases-release');
    git('init', '-q', '-b', 'main');
    writeFileSync(join(dir, 'package.json'), '{ "name": "c", "version": "1.0.0" }\n');
    specAt([thing('Disks')]);
    git('add', '-A');
    git('commit', '-qm', 'v1.0.0');
    git('tag', 'v1.0.0');
    execFileSync('rm', ['-r', join(dir, 'spec/api/demo')]);
    specAt([thing('FamiliesDisks')]);
    const without = cli(['changelog', '--format', 'json', '--no-aliases']);
    expect(JSON.parse(without.stdout)).toMatchObject({ bump: 'major', next: '2.0.0', aliases: { added: [], dropped: [] } });
    const preview = cli(['changelog']);
    expect(preview.stdout).toMatch(/^## 1\.1\.0 /);
    expect(preview.stdout).toContain(
      '#### Deprecated\n\n- `models.Disks`: model-renamed, exported type Disks is now FamiliesDisks; Disks stays as a deprecated alias',
    );
    expect(preview.stderr).toContain('spec/api/aliases.yaml: with --write, aliases 1 added (demo Disks -> FamiliesDisks)');
    const write = cli(['changelog', '--write']);
    expect(write.status, write.stderr).toBe(0);
    expect(parseAliases(readFileSync(join(dir, 'spec/api/aliases.yaml'), 'utf8')).entries.map((e) => `${e.old}->${e.new}@${e.since}`)).toEqual([
      'Disks->FamiliesDisks@1.1.0',
    ]);
    git('add', '-A');
    git('commit', '-qm', 'v1.1.0');
    git('tag', 'v1.1.0');
    // The next release breaks code (a required param): the alias made by 1.1.0 goes with it.
    const breaking = thing('FamiliesDisks');
    breaking.request.push(f('Needed', { required: true }));
    specAt([breaking]);
    const next = cli(['changelog', '--format', 'json', '--write']);
    const body = JSON.parse(next.stdout) as { next: string; aliases: { dropped: { old: string }[] }; changes: { change: string; path: string }[] };
    expect(body.next).toBe('2.0.0');
    expect(body.aliases.dropped.map((e) => e.old)).toEqual(['Disks']);
    expect(body.changes.map((c) => `${c.change} ${c.path}`)).toContain('type-removed types.Disks');
    expect(parseAliases(readFileSync(join(dir, 'spec/api/aliases.yaml'), 'utf8')).entries).toEqual([]);
  });
});
