/**
 * The V8 code cache for big CommonJS files (speed/code-cache.ts), each require in a new process (code-cache-driver.ts)
 * as in real runs: an entry is made, then used; a module compiled from it behaves as Node's own compile (its five
 * arguments, `this`, relative requires, stack file names); a damaged, stale or too large entry is never used; small
 * files are left to Node's loader.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, readdirSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import Module from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { lastUse, requireCached, useCodeCache } from '../../generator/speed/code-cache.js';
import { removeDir, ROOT, tempDir } from '../emit/helpers.js';

interface Run {
  use: { hits: string[]; written: string[] };
  exports: Record<string, unknown>;
}

/** A CommonJS module of ~480 KB (many small functions, two called at load), requiring a small sibling. */
function bigModule(dir: string): string {
  const fns = Array.from({ length: 12000 }, (_, i) => `function f${i}(x) { return x + ${i % 7}; }`).join('\n');
  const body = [
    "'use strict';",
    fns,
    'f5(f6(0));',
    'exports.sum = (n) => { let s = 0; for (let i = 0; i < n; i++) s = f1(s) + f2(0); return s; };',
    'exports.self = this === module.exports;',
    'exports.file = __filename;',
    'exports.dir = __dirname;',
    "exports.sibling = require('./small.cjs').name;",
    'exports.isMain = require.main === module;',
    "exports.where = () => new Error('x').stack.split('\\n')[1].includes(__filename);",
  ].join('\n');
  writeFileSync(join(dir, 'small.cjs'), "exports.name = 'small';\n");
  const file = join(dir, 'big.cjs');
  writeFileSync(file, body);
  return file;
}

const BIG = (file: string, dir: string, sum = 30): Record<string, unknown> => ({ sum, self: true, file, dir, sibling: 'small', isMain: false, where: true });

describe('code cache (speed/code-cache.ts)', () => {
  let dir = '';
  let cache = '';
  let n = 0;
  /** Requires `file` in a new process. */
  const run = (file: string, opts: { cache?: boolean; write?: boolean } = {}): Run =>
    JSON.parse(
      execFileSync(
        process.execPath,
        [
          join(ROOT, 'bin/run-ts.js'),
          join(ROOT, 'test/speed/code-cache-driver.ts'),
          opts.cache === false ? '-' : cache,
          opts.write === false ? '0' : '1',
          file,
        ],
        { encoding: 'utf8' },
      ),
    ) as Run;
  const entries = (): string[] => readdirSync(cache);
  beforeEach(() => {
    dir = tempDir(`code-cache-${n++}`);
    cache = join(dir, 'v8');
  });
  afterEach(() => removeDir(dir));

  it('makes an entry on the first run and compiles from it on the next, with the same behaviour', () => {
    const file = bigModule(dir);
    const first = run(file);
    expect(first).toEqual({ use: { hits: [], written: [file] }, exports: BIG(file, dir) });
    expect(entries()).toHaveLength(1);
    expect(run(file)).toEqual({ use: { hits: [file], written: [] }, exports: BIG(file, dir) });
  });

  it('without a folder, Node compiles as usual; a run that may not write reads an entry but makes none', () => {
    const file = bigModule(dir);
    expect(run(file, { cache: false })).toEqual({ use: { hits: [], written: [] }, exports: BIG(file, dir) });
    expect(run(file, { write: false }).use).toEqual({ hits: [], written: [] });
    expect(() => entries()).toThrow();
    run(file);
    expect(run(file, { write: false }).use).toEqual({ hits: [file], written: [] });
  });

  it('a damaged entry is never given to V8 (its data would crash it): the file is compiled and its entry written again', () => {
    const file = bigModule(dir);
    run(file);
    const entry = join(cache, entries()[0]!);
    const good = readFileSync(entry);
    const damaged = [
      Buffer.from('not a code cache'),
      good.subarray(0, good.length >> 1),
      Buffer.concat([good.subarray(0, 64), Buffer.alloc(good.length - 64, 7)]),
    ];
    for (const bad of damaged) {
      writeFileSync(entry, bad);
      expect(run(file)).toEqual({ use: { hits: [], written: [file] }, exports: BIG(file, dir) });
      expect(run(file).use.hits).toEqual([file]);
    }
  });

  it('an edited file (same length) gets a new entry and its old one is removed; nothing else in the folder is touched', () => {
    const file = bigModule(dir);
    run(file);
    const before = entries();
    // Another file's entry and a file we never wrote stay, byte for byte.
    const others = { '0123456789abcdef-0123456789abcdef.v8': 'another entry', 'notes.txt': 'kept' };
    for (const [name, text] of Object.entries(others)) writeFileSync(join(cache, name), text);
    writeFileSync(file, readFileSync(file, 'utf8').replace('s = f1(s) + f2(0)', 's = f1(s) + f3(0)'));
    utimesSync(file, new Date(), new Date(statSync(file).mtimeMs + 5000));
    expect(run(file)).toEqual({ use: { hits: [], written: [file] }, exports: BIG(file, dir, 40) });
    const mine = entries().filter((e) => !(e in others));
    expect(mine).toHaveLength(1);
    expect(mine).not.toEqual(before);
    for (const [name, text] of Object.entries(others)) expect(readFileSync(join(cache, name), 'utf8')).toBe(text);
    expect(run(file).use.hits).toEqual([file]);
  });

  it('a file whose cache would be larger than its source gets an empty entry and is then left to Node', () => {
    // ~300k CJK characters: V8 keeps the string two bytes a character, so its data outgrows the source.
    const file = join(dir, 'strings.cjs');
    writeFileSync(file, `module.exports = { text: '${'中'.repeat(300_000)}' };\n`);
    expect(run(file)).toEqual({ use: { hits: [], written: [file] }, exports: { text: 300_000 } });
    expect(entries().map((e) => statSync(join(cache, e)).size)).toEqual([0]);
    expect(run(file)).toEqual({ use: { hits: [], written: [] }, exports: { text: 300_000 } });
  });

  it('small files are left to Node, and the loader is as it was after the require', () => {
    const file = join(dir, 'small.cjs');
    writeFileSync(file, "exports.name = 'small';\n");
    const own = (Module as unknown as { prototype: { _compile: unknown } }).prototype._compile;
    useCodeCache(cache);
    try {
      expect(requireCached<{ name: string }>(file, pathToFileURL(file).href).name).toBe('small');
    } finally {
      useCodeCache(undefined);
    }
    expect(lastUse).toEqual({ hits: [], written: [] });
    expect((Module as unknown as { prototype: { _compile: unknown } }).prototype._compile).toBe(own);
    expect(() => entries()).toThrow();
  });

  it('a small build through the CLI keeps entries for ts-morph in .cache/scloud-gen/v8-code; --no-cache keeps none', () => {
    cpSync(join(ROOT, 'test/golden/seeds/docs'), join(dir, 'docs'), { recursive: true });
    const build = (...extra: string[]): void => {
      execFileSync(process.execPath, [join(ROOT, 'bin/scloud-gen.js'), 'build', '--docs', 'docs', '--spec', 'spec', '--out', 'gen', '--quiet', ...extra], {
        cwd: dir,
        stdio: 'pipe',
      });
    };
    build('--no-cache');
    expect(existsSync(join(dir, '.cache'))).toBe(false);
    build();
    const made = readdirSync(join(dir, '.cache/scloud-gen/v8-code')).map((e) => statSync(join(dir, '.cache/scloud-gen/v8-code', e)).size);
    // ts-morph and TypeScript; @ts-morph/common's entry is empty (its data outgrows its source).
    expect(made.filter((size) => size > 100_000)).toHaveLength(2);
    expect(made.filter((size) => size === 0)).toHaveLength(1);
  });
});
