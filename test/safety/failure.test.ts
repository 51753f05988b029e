/**
 * A build that fails after it started staging but before its commit (an internal error: exit 3) leaves both
 * trees as they were and no staging folder behind. The failure is injected after the real computation, which
 * has staged every file by then.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { makeFullCorpus } from '../../bench/full-corpus.js';
import { build } from '../../generator/cli/commands/build.js';
import { defaultEmitOptions } from '../../generator/emit/context.js';
import { readTree, removeDir, ROOT, tempDir } from '../emit/helpers.js';

const boom = vi.hoisted(() => ({ on: false }));

vi.mock('../../generator/engine/compute-build.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../generator/engine/compute-build.js')>();
  return {
    ...real,
    computeBuild: async (...args: Parameters<typeof real.computeBuild>) => {
      const out = await real.computeBuild(...args);
      if (boom.on) throw new Error('boom after staging');
      return out;
    },
  };
});

describe('a build failing before its commit', () => {
  let dir = '';
  let docs = '';
  beforeAll(() => {
    dir = tempDir('failure');
    docs = join(dir, 'docs');
    makeFullCorpus(join(ROOT, 'test/golden/zh/docs'), docs);
  });
  afterAll(() => removeDir(dir));
  const options = {
    command: 'build' as const,
    docs: '',
    spec: '',
    out: '',
    runtime: defaultEmitOptions().runtimeDir,
    docsBaseUrl: 'https://docs.scloudsg.com',
    cache: false,
    allowMassRemoval: false,
    quiet: true,
  };

  it('leaves the trees as they were and no stage', async () => {
    const o = { ...options, docs, spec: join(dir, 'spec'), out: join(dir, 'gen') };
    expect((await build(o)).exitCode).toBe(0);
    const before = { spec: readTree(join(dir, 'spec')), gen: readTree(join(dir, 'gen')) };
    const page = join(docs, 'umem-api', 'create_u_redis_group.md');
    writeFileSync(page, readFileSync(page, 'utf8').replace(/^# (.*) - /m, '# $1 (renamed) - '));
    boom.on = true;
    await expect(build(o)).rejects.toThrow('boom after staging');
    boom.on = false;
    expect(readdirSync(dir).filter((n) => n.includes('scloud-'))).toEqual([]);
    expect(readTree(join(dir, 'spec'))).toEqual(before.spec);
    expect(readTree(join(dir, 'gen'))).toEqual(before.gen);
    expect((await build(o)).exitCode).toBe(0);
    expect(readFileSync(join(dir, 'spec', 'umem', 'CreateURedisGroup.yaml'), 'utf8')).toContain('(renamed)');
  });
});
