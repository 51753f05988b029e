/**
 * The print thread (engine/executors/print-thread.ts): a small build prints its files in a worker thread that loaded
 * ts-morph while this thread parsed, and the files are the ones this thread prints; a worker that cannot start
 * leaves the printing to this thread. The CLI runs the compiled generator, so the worker file exists.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localPrinter } from '../../generator/emit/printer.js';
import { dispatch, type PrintRequest } from '../../generator/engine/executors/print-request.js';
import { startPrintThread } from '../../generator/engine/executors/print-thread.js';
import type { InterfaceIR } from '../../generator/emit/type-text.js';
import { readTree, removeDir, ROOT, tempDir } from '../emit/helpers.js';

const CLI = join(ROOT, 'bin/scloud-gen.js');
const GOLDEN = join(ROOT, 'test/golden/zh/docs');

const models: InterfaceIR[] = [
  {
    name: 'UHostDisk',
    docs: { description: '磁盘信息', tags: [{ tagName: 'see', text: 'DescribeUHostInstance' }] },
    props: [
      { name: 'DiskId', type: 'string', optional: false, docs: { description: '磁盘 ID', tags: [] } },
      {
        name: "'Disks.N.Type'",
        type: "'CLOUD_SSD' | 'LOCAL_NORMAL' | (string & {})",
        union: { members: ["'CLOUD_SSD'", "'LOCAL_NORMAL'"], arrays: 0 },
        optional: true,
        docs: { description: '', tags: [] },
      },
    ],
  },
];

describe('print thread', () => {
  let dir = '';
  beforeAll(() => {
    dir = tempDir('print-thread');
    cpSync(GOLDEN, join(dir, 'docs'), { recursive: true });
    expect(spawnSync(process.execPath, [join(ROOT, 'bin/build-generator.js')]).status).toBe(0);
  });
  afterAll(() => removeDir(dir));

  const build = (out: string, extra: string[] = []): { status: number | null; stderr: string } => {
    const r = spawnSync(
      process.execPath,
      [CLI, 'build', '--docs', join(dir, 'docs'), '--spec', join(dir, out, 'spec'), '--out', join(dir, out, 'gen'), ...extra],
      {
        cwd: dir,
        encoding: 'utf8',
        env: { ...process.env, SCLOUD_GEN_TIMING: '1', SCLOUD_GEN_CORES: '2' },
      },
    );
    return { status: r.status, stderr: r.stderr };
  };

  it('a small build prints in the print thread the files this thread prints, cold and after a page changes', { timeout: 60_000 }, () => {
    const threaded = build('threaded');
    const one = build('one', ['--threads', '1']);
    expect(threaded.status).toBe(0);
    expect(threaded.stderr).toContain('jobs (print thread)');
    expect(one.status).toBe(0);
    expect(one.stderr).not.toContain('print thread');
    expect(readTree(join(dir, 'threaded'))).toEqual(readTree(join(dir, 'one')));

    const page = join(dir, 'docs', 'uhost-api', readdirSync(join(dir, 'docs', 'uhost-api')).sort()[0]!);
    writeFileSync(page, readFileSync(page, 'utf8').replace(/^(#{1,2} )(.*)( - [A-Za-z0-9]+)\s*$/m, '$1$2 v2$3'));
    const again = build('threaded');
    expect(again.status).toBe(0);
    expect(again.stderr).toMatch(/: \d+ actions, [1-9]\d* files written, [1-9]\d* unchanged/);
    expect(again.stderr).toContain('jobs (print thread)');
    expect(build('one', ['--threads', '1']).status).toBe(0);
    expect(readTree(join(dir, 'threaded'))).toEqual(readTree(join(dir, 'one')));
  });

  it('the compiled print thread gives the text of this thread', async () => {
    const compiled = (await import(
      pathToFileURL(join(ROOT, 'generator/dist/generator/engine/executors/print-thread.js')).href
    )) as typeof import('../../generator/engine/executors/print-thread.js');
    const printer = compiled.startPrintThread(undefined);
    try {
      const header = '// header';
      expect(await printer.interfaces(header, models)).toBe(await localPrinter().interfaces(header, models));
    } finally {
      await printer.close();
    }
  });

  it('a worker that cannot start leaves the printing to this thread', async () => {
    const printer = startPrintThread(undefined, pathToFileURL(join(dir, 'no-such-worker.js')));
    try {
      expect(await printer.interfaces('// header', models)).toBe(await localPrinter().interfaces('// header', models));
      expect(await printer.interfaces('// again', models)).toContain('export interface UHostDisk');
    } finally {
      await printer.close();
    }
  });
});

describe('dispatch (print-request.ts)', () => {
  const target = {
    action: (ir: never, header: never) => `action ${String(ir)} ${String(header)}`,
    interfaces: (header: never, list: never) => `interfaces ${String(header)} ${String(list)}`,
    facade: (header: never, ir: never) => `facade ${String(header)} ${String(ir)}`,
  };
  const cases: { op: PrintRequest['op']; args: unknown[]; want: string }[] = [
    { op: 'action', args: ['IR', 'H'], want: 'action IR H' },
    { op: 'interfaces', args: ['H', 'LIST'], want: 'interfaces H LIST' },
    { op: 'facade', args: ['H', 'IR'], want: 'facade H IR' },
  ];
  for (const c of cases)
    it(`${c.op}: the ${c.op} method with the request's arguments in order`, () => expect(dispatch({ id: 1, op: c.op, args: c.args }, target)).toBe(c.want));
});
