/**
 * The CLI's V8 tuning (generator/v8-tuning.ts): which flags a process gets (table), and that both entry points
 * apply them before the generator runs (the timing line names what was set), and leave them off when told.
 */
import { spawnSync } from 'node:child_process';
import { cpSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INTERRUPT_BUDGET, tuningFlags, type TuningContext } from '../../generator/speed/v8-tuning.js';
import { readTree, removeDir, ROOT, tempDir } from '../emit/helpers.js';

const TUNED = [`--interrupt-budget=${INTERRUPT_BUDGET}`];

describe('tuningFlags', () => {
  const node20: TuningContext = { v8: '11.3.244.8-node.38', execArgv: [], setting: undefined };
  const cases: { name: string; given: Partial<TuningContext>; want: string[] }[] = [
    { name: 'node 20 (V8 11): the measured budget', given: {}, want: TUNED },
    { name: 'SCLOUD_GEN_V8_TUNING=0: nothing', given: { setting: '0' }, want: [] },
    { name: 'SCLOUD_GEN_V8_TUNING=1: the budget', given: { setting: '1' }, want: TUNED },
    { name: 'a V8 not measured (12): nothing, its flags may differ', given: { v8: '12.4.254.21-node.33' }, want: [] },
    { name: 'a V8 not measured (10): nothing', given: { v8: '10.2.154.26-node.36' }, want: [] },
    { name: "the user's own budget on the command line stays", given: { execArgv: ['--interrupt-budget=1000'] }, want: [] },
    { name: "the user's own budget stays (either spelling)", given: { execArgv: ['--max-old-space-size=2048', '--interrupt_budget=5'] }, want: [] },
    { name: 'another flag of the same prefix is not a budget', given: { execArgv: ['--interrupt-budget-for-feedback-allocation=10'] }, want: TUNED },
    { name: 'other Node options: the budget', given: { execArgv: ['--enable-source-maps', '--max-old-space-size=2048'] }, want: TUNED },
  ];
  for (const c of cases) it(c.name, () => expect(tuningFlags({ ...node20, ...c.given })).toEqual(c.want));
});

describe('the CLI entry points', () => {
  let dir = '';
  // Whether this Node's V8 is one the tuning applies to, as the module decides it (not restated here).
  const measured = tuningFlags({ v8: process.versions.v8, execArgv: [], setting: undefined }).length > 0;
  beforeAll(() => {
    dir = tempDir('v8-tuning');
    cpSync(join(ROOT, 'test/golden/zh/docs'), join(dir, 'docs'), { recursive: true });
    expect(spawnSync(process.execPath, [join(ROOT, 'bin/build-generator.js')]).status).toBe(0);
  });
  afterAll(() => removeDir(dir));

  const build = (bin: string, out: string, env: Record<string, string> = {}, node: string[] = []): { status: number | null; stderr: string } => {
    const r = spawnSync(
      process.execPath,
      [...node, bin, 'build', '--docs', join(dir, 'docs'), '--spec', join(dir, out, 'spec'), '--out', join(dir, out, 'gen')],
      {
        cwd: dir,
        encoding: 'utf8',
        env: { ...process.env, SCLOUD_GEN_TIMING: '1', ...env },
      },
    );
    return { status: r.status, stderr: r.stderr };
  };

  it('both set the budget before the build (on the V8 measured), write the same files as an untuned run, and print no V8 error', { timeout: 60_000 }, () => {
    const want = measured ? `v8 ${TUNED[0]}` : 'v8 untuned';
    for (const [bin, out] of [
      [join(ROOT, 'bin/scloud-gen.js'), 'repo'],
      [join(ROOT, 'generator/bin/scloud-gen.js'), 'package'],
    ] as const) {
      const r = build(bin, out);
      expect(r.status).toBe(0);
      expect(r.stderr).toMatch(new RegExp(`^timing: .*; ${want.replace(/[.-]/g, '\\$&')}$`, 'm'));
      expect(r.stderr).not.toMatch(/unrecognized flag/i);
    }
    const off = build(join(ROOT, 'bin/scloud-gen.js'), 'off', { SCLOUD_GEN_V8_TUNING: '0' });
    expect(off.status).toBe(0);
    expect(off.stderr).toMatch(/^timing: .*; v8 untuned$/m);
    const mine = build(join(ROOT, 'bin/scloud-gen.js'), 'mine', {}, ['--interrupt-budget=100000']);
    expect(mine.stderr).toMatch(/^timing: .*; v8 untuned$/m);
    expect(readTree(join(dir, 'repo'))).toEqual(readTree(join(dir, 'off')));
    expect(readTree(join(dir, 'package'))).toEqual(readTree(join(dir, 'off')));
  });
});
