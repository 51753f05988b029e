/**
 * A real rename replayed (issue 25): in ../shared/history/dev-docs.bundle, commit 04a0e38 renames uhost's models
 * Disks, BootDiskInfo and DataDiskInfo to FamiliesDisks, FamiliesBootDiskInfo and FamiliesDataDiskInfo on
 * describe_host_machine_type_families.md (and, in the same commit, retypes two fields and drops one). Released as
 * 1.0.0 before the rename, the page renamed (the commit's renaming lines, applied to the parent page): without
 * aliases `changelog` proposes a major release (code importing the old names breaks), with the aliases it writes a
 * minor one, and code written against 1.0.0 compiles against the regenerated client, where the old names are
 * `@deprecated` aliases naming the new ones. The page is the product's only one here: in the whole uhost product
 * another page (describe_available_instance_types.md) still defines Disks & co., so there the names survive anyway.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAliases } from '../../generator/spec/aliases.js';
import { removeDir, ROOT, runCli, tempDir, typecheck } from '../emit/helpers.js';

const BUNDLE = join(ROOT, '../shared/history/dev-docs.bundle');
if (!existsSync(BUNDLE)) console.log('skipped: ../shared/history/dev-docs.bundle not found (the rename of 04a0e38 replayed)');

const PAGE = 'uhost-api/describe_host_machine_type_families.md';
const RENAMES: [string, string][] = [
  ['Disks', 'FamiliesDisks'],
  ['BootDiskInfo', 'FamiliesBootDiskInfo'],
  ['DataDiskInfo', 'FamiliesDataDiskInfo'],
];

/** The parent page with the commit's renames applied: the model headings and the links to them. */
function renamedOnly(parent: string): string {
  let text = parent;
  for (const [from, to] of RENAMES) text = text.split(`[*${from}*](#${from})`).join(`[*${to}*](#${to})`).split(`#### ${from}\n`).join(`#### ${to}\n`);
  return text;
}

describe.skipIf(!existsSync(BUNDLE))('the rename of 04a0e38, replayed', () => {
  let dir = '';
  let parent = '';
  let real = '';
  const git = (...args: string[]): string =>
    execFileSync('git', ['-c', 'user.email=t@example.com', '-c', 'user.name=t', ...args], { cwd: join(dir, 'repo'), encoding: 'utf8' });
  const cli = (args: string[]) => spawnSync(process.execPath, [join(ROOT, 'bin/scloud-gen.js'), ...args], { cwd: join(dir, 'repo'), encoding: 'utf8' });
  const build = async (): Promise<void> => {
    const r = await runCli(['build', '--docs', join(dir, 'repo/docs'), '--spec', join(dir, 'repo/spec/api'), '--out', join(dir, 'repo/gen'), '--quiet']);
    expect(r.code, r.err).toBe(0);
  };
  const page = (text: string): void => writeFileSync(join(dir, 'repo/docs', PAGE), text);
  const changelog = (
    ...extra: string[]
  ): { next: string; bump: string; changes: { change: string; path: string; breaking: boolean }[]; aliases: { added: unknown[] } } => {
    const r = cli(['changelog', '--package', 'gen/package.json', '--format', 'json', ...extra]);
    expect(r.status, r.stderr).toBe(0);
    return JSON.parse(r.stdout);
  };

  beforeAll(async () => {
    dir = tempDir('rename-replay');
    execFileSync('git', ['clone', '-q', BUNDLE, join(dir, 'history')]);
    parent = execFileSync('git', ['-C', join(dir, 'history'), 'show', `04a0e38^:${PAGE}`], { encoding: 'utf8' });
    real = execFileSync('git', ['-C', join(dir, 'history'), 'show', `04a0e38:${PAGE}`], { encoding: 'utf8' });
    mkdirSync(join(dir, 'repo/docs/uhost-api'), { recursive: true });
    mkdirSync(join(dir, 'repo/gen'));
    // 1.0.0: the rule that makes a non-breaking API change a minor release (before 1.0 it would be a patch).
    writeFileSync(join(dir, 'repo/gen/package.json'), '{ "name": "scloud-sdk", "version": "1.0.0" }\n');
    writeFileSync(join(dir, 'repo/gen/.scloud-keep'), 'package.json\n');
    git('init', '-q', '-b', 'main');
    page(parent);
    await build();
    git('add', '-A');
    git('commit', '-qm', 'release 1.0.0');
    git('tag', 'v1.0.0');
  }, 120_000);
  afterAll(() => removeDir(dir));

  it("the replayed page is the commit's renames: it differs from the commit's page only by the commit's other edits", () => {
    const mine = renamedOnly(parent).split('\n');
    const theirs = new Set(real.split('\n'));
    const notInCommit = mine.filter((l) => !theirs.has(l));
    // What the commit also did: Features retyped to DiskFeature (twice) and DataDiskInfo's BackupMode row dropped.
    expect(notInCommit).toEqual([
      '| **Features** | array[string] | 磁盘可支持的服务 |No|',
      '| **Features** | array[string] | 数据盘可支持的服务 |No|',
      '| **BackupMode** | array[string] | 支持的快照备份策略 |No|',
    ]);
  });

  it('without aliases the rename is a major release; with them a minor one, and code written against 1.0.0 still compiles, the old names deprecated', async () => {
    page(renamedOnly(parent));
    await build();
    const consumer = [
      "import type { BootDiskInfo, DataDiskInfo, Disks, DescribeHostMachineTypeFamiliesResponse } from './gen/uhost/index.js';",
      'export function disksOf(r: DescribeHostMachineTypeFamiliesResponse): Disks[] {',
      '  return (r.MachineTypes ?? []).flatMap((m) => m.Disks ?? []);',
      '}',
      'export const boot = (d: Disks): BootDiskInfo[] => d.BootDisk ?? [];',
      'export const data = (d: Disks): DataDiskInfo[] => d.DataDisk ?? [];',
      '',
    ].join('\n');
    writeFileSync(join(dir, 'repo/consumer.ts'), consumer);
    expect(typecheck(join(dir, 'repo'), ['consumer.ts'])).toMatch(/has no exported member 'BootDiskInfo'/);

    const without = changelog('--no-aliases');
    expect(without).toMatchObject({ bump: 'major', next: '2.0.0' });
    expect(without.changes.filter((c) => c.breaking).map((c) => `${c.change} ${c.path}`)).toEqual([
      'model-renamed models.BootDiskInfo',
      'model-renamed models.DataDiskInfo',
      'model-renamed models.Disks',
    ]);
    const preview = changelog();
    expect(preview).toMatchObject({ bump: 'minor', next: '1.1.0' });
    expect(preview.changes.filter((c) => c.breaking)).toEqual([]);
    expect(preview.aliases.added).toHaveLength(3);

    const write = cli(['changelog', '--package', 'gen/package.json', '--write']);
    expect(write.status, write.stderr).toBe(0);
    expect(write.stdout).toMatch(
      /^## 1\.1\.0 [^]*#### Deprecated\n\n- `models\.BootDiskInfo`: model-renamed, exported type BootDiskInfo is now FamiliesBootDiskInfo/,
    );
    expect(
      parseAliases(readFileSync(join(dir, 'repo/spec/api/aliases.yaml'), 'utf8')).entries.map((e) => `${e.product} ${e.old} -> ${e.new} since ${e.since}`),
    ).toEqual([
      'uhost BootDiskInfo -> FamiliesBootDiskInfo since 1.1.0',
      'uhost DataDiskInfo -> FamiliesDataDiskInfo since 1.1.0',
      'uhost Disks -> FamiliesDisks since 1.1.0',
    ]);
    expect(JSON.parse(readFileSync(join(dir, 'repo/gen/package.json'), 'utf8'))).toMatchObject({ version: '1.1.0' });
    await build();
    const models = readFileSync(join(dir, 'repo/gen/uhost/models.ts'), 'utf8');
    for (const [from, to] of RENAMES)
      expect(models).toContain(
        `/** @deprecated The docs renamed ${from} to {@link ${to}}: use that. An alias since 1.1.0, until the next release that breaks code. */\nexport type ${from} = ${to};`,
      );
    expect(typecheck(join(dir, 'repo'), ['consumer.ts'])).toBe('');
    const diff = cli(['diff', '--base', 'v1.0.0', '--format', 'json']);
    expect((JSON.parse(diff.stdout) as { summary: { breaking: number } }).summary.breaking).toBe(0);
  });

  it('released as 1.1.0, the rest of the commit is a major release: aliases keep names, not shapes, and that release drops them', async () => {
    git('add', '-A');
    git('commit', '-qm', 'release 1.1.0');
    git('tag', 'v1.1.0');
    page(real);
    await build();
    const kept = changelog('--no-aliases');
    expect(kept.bump).toBe('major');
    const real3 = [
      'type-changed response.MachineTypes[].Disks[].BootDisk[].Features',
      'response-field-removed response.MachineTypes[].Disks[].DataDisk[].BackupMode',
      'type-changed response.MachineTypes[].Disks[].DataDisk[].Features',
    ];
    expect(kept.changes.filter((c) => c.breaking).map((c) => `${c.change} ${c.path}`)).toEqual(real3);
    const release = changelog() as ReturnType<typeof changelog> & { aliases: { dropped: { old: string }[] } };
    expect(release).toMatchObject({ bump: 'major', next: '2.0.0' });
    expect(release.aliases.dropped.map((e) => e.old)).toEqual(['BootDiskInfo', 'DataDiskInfo', 'Disks']);
    expect(release.changes.filter((c) => c.breaking).map((c) => `${c.change} ${c.path}`)).toEqual([
      'type-removed types.BootDiskInfo',
      'type-removed types.DataDiskInfo',
      'type-removed types.Disks',
      ...real3,
    ]);
  });
});
