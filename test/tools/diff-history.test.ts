/**
 * diff on a real commit of the docs history (../shared/history/dev-docs.bundle): 04a0e38 renames uhost's
 * page models Disks/BootDiskInfo/DataDiskInfo of DescribeHostMachineTypeFamilies to Families* and changes
 * their Features from string[] to DiskFeature[]. The exported names survive (DescribeAvailableInstanceTypes
 * still defines them), so the renames break nothing; the Features change and a removed BackupMode do, and
 * the compiler agrees on every uhost action. Skipped, with a line saying so, without ../shared.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Project } from 'ts-morph';
import { afterAll, describe, expect, it } from 'vitest';
import { diffSpecs } from '../../generator/diff/compare.js';
import { generateFiles } from '../../generator/engine/library.js';
import { parseDocs } from '../../generator/engine/library.js';
import type { ActionSpec } from '../../generator/spec/model.js';
import { compilerVerdict, VERDICT_OPTIONS } from './compiler-verdict.js';
import { disagreements } from './verdict-agreement.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const BUNDLE = join(ROOT, '../shared/history/dev-docs.bundle');
const COMMIT = '04a0e38';
if (!existsSync(BUNDLE)) console.log('skipped: ../shared/history/dev-docs.bundle not found (diff on real history)');

describe.skipIf(!existsSync(BUNDLE))(`diff on the uhost model rename of ${COMMIT}`, () => {
  const dir = mkdtempSync(join(tmpdir(), 'scloud-diff-history-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** uhost's pages at `ref`, parsed. */
  const specsAt = async (repo: string, ref: string, name: string): Promise<ActionSpec[]> => {
    const docs = join(dir, name);
    mkdirSync(docs);
    execFileSync('sh', ['-c', `git -C '${repo}' archive ${ref} uhost-api | tar -x -C '${docs}'`]);
    return (await parseDocs(docs)).specs;
  };

  it('reports the renames as renames, the hidden Features change as breaking, and agrees with the compiler', async () => {
    const repo = join(dir, 'repo');
    execFileSync('git', ['clone', '-q', BUNDLE, repo]);
    const before = await specsAt(repo, `${COMMIT}^`, 'old');
    const after = await specsAt(repo, COMMIT, 'new');
    const report = diffSpecs(before, after);
    const rows = report.changes.map((c) => `${c.breaking ? 'B' : '-'} ${c.action || '(product)'} ${c.change} ${c.path}`);
    const families = 'DescribeHostMachineTypeFamilies';
    expect(rows).toEqual([
      '- (product) model-added models.DiskFeature',
      '- (product) model-added models.FamiliesBootDiskInfo',
      '- (product) model-added models.FamiliesDataDiskInfo',
      '- (product) model-added models.FamiliesDisks',
      '- (product) model-added models.NameOperationStatus',
      'B DescribeAvailableInstanceTypes response-field-removed response.AvailableInstanceTypes[].Disks[].DataDisk[].BackupMode',
      `- ${families} model-renamed response.MachineTypes[].Disks[]`,
      `- ${families} model-renamed response.MachineTypes[].Disks[].BootDisk[]`,
      `B ${families} type-changed response.MachineTypes[].Disks[].BootDisk[].Features`,
      `- ${families} model-renamed response.MachineTypes[].Disks[].DataDisk[]`,
      `B ${families} response-field-removed response.MachineTypes[].Disks[].DataDisk[].BackupMode`,
      `B ${families} type-changed response.MachineTypes[].Disks[].DataDisk[].Features`,
    ]);
    expect(report.changes.find((c) => c.path.endsWith('BootDisk[].Features'))?.detail).toBe('array<string> -> array<DiskFeature>');

    const project = new Project({ compilerOptions: VERDICT_OPTIONS, useInMemoryFileSystem: true });
    for (const [side, specs] of [
      ['/old', before],
      ['/new', after],
    ] as const) {
      for (const [rel, text] of (await generateFiles(specs, { progress: false })).files) project.getFileSystem().writeFileSync(`${side}/${rel}`, text);
    }
    const verdicts = compilerVerdict('/old', '/new', new Map([['uhost', before.map((s) => s.action).sort()]]), project);
    const broken = [...verdicts.get('uhost')!.actions].filter(([, reasons]) => reasons.length > 0).map(([a]) => a);
    expect(broken).toEqual(['DescribeAvailableInstanceTypes', families]);
    expect(disagreements(report, verdicts)).toEqual([]);
  }, 120_000);
});
