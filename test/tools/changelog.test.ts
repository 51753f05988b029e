/**
 * `scloud-gen changelog` end to end, in temp git repositories: the default --from (latest v* tag by version
 * order, reachable from --to), JSON and Markdown output, --write (CHANGELOG.md created or prepended, only the
 * package's version changed), usage errors (exit 2), and a release flow replayed on real history: uhost's spec
 * at commits of ../shared/history/dev-docs.bundle, tagged release by release, where the proposed bump is the
 * one diff's verdict implies (breaking, non-breaking and no-change cases, before and after 1.0).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseDocs } from '../../generator/engine/library.js';
import { serializeSpec } from '../../generator/spec/io.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const FIX = join(ROOT, 'test/fixtures/tools/diff');
const BUNDLE = join(ROOT, '../shared/history/dev-docs.bundle');
if (!existsSync(BUNDLE)) console.log('skipped: ../shared/history/dev-docs.bundle not found (changelog on real history)');

interface Out {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** A temp git repository with helpers to commit a spec folder and tag it. */
class TempRepo {
  readonly dir = mkdtempSync(join(tmpdir(), 'scloud-changelog-'));
  constructor() {
    this.git('init', '-q', '-b', 'main');
  }
  git(...args: string[]): string {
    const env = { ...process.env, GIT_COMMITTER_DATE: this.date, GIT_AUTHOR_DATE: this.date };
    return execFileSync('git', ['-c', 'user.email=t@example.com', '-c', 'user.name=t', ...args], { cwd: this.dir, encoding: 'utf8', env });
  }
  date = '2026-01-01T12:00:00Z';
  /** Replace spec/api with `from` and commit everything. */
  commitSpec(from: string, message: string, date?: string): void {
    if (date !== undefined) this.date = date;
    rmSync(join(this.dir, 'spec/api'), { recursive: true, force: true });
    cpSync(from, join(this.dir, 'spec/api'), { recursive: true });
    this.git('add', '-A');
    this.git('commit', '-q', '--allow-empty', '-m', message);
  }
  writePackage(version: string): void {
    writeFileSync(join(this.dir, 'package.json'), `{\n    "name": "client",\n    "version": "${version}",\n    "private": true\n}\n`);
  }
  cli(args: string[]): Out {
    return spawnSync(process.execPath, [join(ROOT, 'bin/scloud-gen.js'), ...args], { cwd: this.dir, encoding: 'utf8' });
  }
  read(rel: string): string {
    return readFileSync(join(this.dir, rel), 'utf8');
  }
  close(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

interface Proposal {
  from: string;
  to: string;
  current: string;
  next: string;
  bump: string;
  date: string;
  changes: { change: string; breaking: boolean }[];
  products: { product: string; breaking: unknown[]; added: unknown[]; changed: unknown[]; deprecated: unknown[] }[];
}

describe('scloud-gen changelog (fixture specs)', () => {
  let repo: TempRepo;
  afterAll(() => repo?.close());

  beforeAll(() => {
    repo = new TempRepo();
    repo.writePackage('0.9.0');
    repo.commitSpec(join(FIX, 'before'), 'one');
    repo.git('tag', 'v0.10.0'); // version order, not text order: v0.10.0 is after v0.9.0
    repo.commitSpec(join(FIX, 'before'), 'two');
    repo.git('tag', 'v0.9.0');
    repo.git('tag', 'vnext'); // not a version: ignored
    repo.git('checkout', '-q', '-b', 'side');
    repo.commitSpec(join(FIX, 'before'), 'unreleased branch');
    repo.git('tag', 'v9.0.0'); // not reachable from main: ignored
    repo.git('checkout', '-q', 'main');
  });

  it('usage errors exit 2 and say what to do', () => {
    const empty = new TempRepo();
    try {
      empty.writePackage('0.1.0');
      const noCommit = empty.cli(['changelog']);
      expect([noCommit.status, noCommit.stderr]).toEqual([2, expect.stringContaining('pass --from <ref>')]);
      empty.commitSpec(join(FIX, 'before'), 'first');
      const noTag = empty.cli(['changelog']);
      expect(noTag.status).toBe(2);
      expect(noTag.stderr).toMatch(/no v\* version tag \(like v0\.1\.0\) is reachable from HEAD; pass --from <ref>, or tag the last release/);
    } finally {
      empty.close();
    }
    const badRef = repo.cli(['changelog', '--from', 'nope']);
    expect([badRef.status, badRef.stderr.trim()]).toEqual([
      2,
      'scloud-gen changelog: --from nope is not a commit in this repository; try a branch, tag or sha',
    ]);
    expect(repo.cli(['changelog', '--to', 'nope']).stderr).toContain('--to nope is not a commit');
    const outside = spawnSync(process.execPath, [join(ROOT, 'bin/scloud-gen.js'), 'changelog'], { cwd: tmpdir(), encoding: 'utf8' });
    expect([outside.status, outside.stderr]).toEqual([2, expect.stringContaining('is not inside a git repository')]);
    expect(repo.cli(['changelog', '--format', 'xml']).status).toBe(2);
    expect(repo.cli(['changelog', '--package', 'nope.json']).stderr).toContain("no package file: 'nope.json' does not exist");
    writeFileSync(join(repo.dir, 'bad.json'), '{\n  "version": "1.0"\n}\n');
    expect(repo.cli(['changelog', '--package', 'bad.json']).stderr).toContain('bad.json: "version" is "1.0", not a semantic version');
    writeFileSync(join(repo.dir, 'broken.json'), '{\n  "version": "1.0.0",\n}\n');
    const broken = repo.cli(['changelog', '--package', 'broken.json']);
    expect([broken.status, broken.stderr]).toEqual([2, expect.stringMatching(/broken\.json:3:1: not valid JSON/)]);
  }, 60_000);

  it('defaults: --from the latest reachable v* tag by version order, --to the working tree; JSON has the proposal', () => {
    rmSync(join(repo.dir, 'spec/api'), { recursive: true });
    cpSync(join(FIX, 'after'), join(repo.dir, 'spec/api'), { recursive: true });
    const r = repo.cli(['changelog', '--format', 'json']);
    expect(r.status, r.stderr).toBe(0);
    const body = JSON.parse(r.stdout) as Proposal;
    expect(body).toMatchObject({ from: 'v0.10.0', to: 'working tree', current: '0.9.0', bump: 'minor', next: '0.10.0' });
    expect(body.changes.filter((c) => c.breaking)).toHaveLength(2);
    expect(body.products.map((p) => [p.product, p.breaking.length, p.added.length, p.changed.length, p.deprecated.length])).toEqual([['uhost', 2, 1, 0, 0]]);
    expect(r.stderr).toContain('package.json is at 0.9.0 but --from v0.10.0 is 0.10.0');
  }, 30_000);

  it('--write prepends the section (creating CHANGELOG.md) and changes only the version in the package file', () => {
    repo.writePackage('0.10.0');
    const pkg = repo.read('package.json');
    const md = repo.cli(['changelog', '--to', 'HEAD', '--write', '--changelog', 'docs/CHANGES.md']);
    expect(md.status).toBe(2); // docs/ does not exist: the write fails before touching the package
    expect(repo.read('package.json')).toBe(pkg);
    const r = repo.cli(['changelog', '--write']);
    expect(r.status, r.stderr).toBe(0);
    expect(repo.read('package.json')).toBe(pkg.replace('"0.10.0"', '"0.11.0"'));
    const log = repo.read('CHANGELOG.md');
    expect(log.startsWith(`# Changelog\n\n## 0.11.0 (`)).toBe(true);
    expect(log).toContain('#### ⚠️ Breaking\n\n- CreateCustomImage `request.OsType`: param-added, required string\n');
    expect(log).toContain('#### Added\n\n- TerminateCustomImage: action-added, new action\n');
    expect(r.stdout).toBe(log.slice('# Changelog\n\n'.length));
    const again = repo.cli(['changelog', '--write']);
    expect([again.status, again.stderr]).toEqual([2, expect.stringContaining('this release looks written already')]);
  }, 30_000);
});

/** uhost's spec at a commit of the docs history, written to `<dir>/<sha>` (parsed in-process). */
async function uhostSpecAt(history: string, sha: string, dir: string): Promise<string> {
  const docs = join(dir, `docs-${sha}`);
  const spec = join(dir, `spec-${sha}`);
  mkdirSync(docs);
  execFileSync('sh', ['-c', `git -C '${history}' archive ${sha} uhost-api | tar -x -C '${docs}'`]);
  for (const s of (await parseDocs(docs)).specs) {
    mkdirSync(join(spec, s.product), { recursive: true });
    writeFileSync(join(spec, s.product, `${s.action}.yaml`), serializeSpec(s));
  }
  return spec;
}

describe.skipIf(!existsSync(BUNDLE))('scloud-gen changelog on real history (uhost, tag to tag)', () => {
  let work: string;
  let repo: TempRepo;
  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), 'scloud-changelog-history-'));
    repo = new TempRepo();
  });
  afterAll(() => {
    repo?.close();
    if (work !== undefined) rmSync(work, { recursive: true, force: true });
  });

  // Consecutive uhost changes of the history (each commit's parent has the previous one's uhost pages).
  // [docs commit, what diff says about uhost, version before -> proposed]
  const RELEASES: [string, string, string, string][] = [
    ['a3c240a', 'non-breaking (action added), 0.x', '0.4.0', '0.4.1'],
    ['04a0e38', 'breaking (Features string[] -> DiskFeature[]), 0.x', '0.4.1', '0.5.0'],
    ['3b9dfab', 'no API change (docs only), >= 1.0', '1.0.0', '1.0.1'],
    ['16f860d', 'non-breaking (response field added), >= 1.0', '1.0.1', '1.1.0'],
    ['c391df9', 'breaking (response field removed), >= 1.0', '1.1.0', '2.0.0'],
  ];

  it('proposes the bump the diff verdict implies, and --write makes the release', async () => {
    const history = join(work, 'history');
    execFileSync('git', ['clone', '-q', BUNDLE, history]);
    const dateOf = (sha: string): string => execFileSync('git', ['-C', history, 'show', '-s', '--format=%cI', sha], { encoding: 'utf8' }).trim();
    repo.writePackage('0.4.0');
    repo.commitSpec(await uhostSpecAt(history, 'a3c240a^', work), 'v0.4.0', dateOf('a3c240a^'));
    repo.git('tag', 'v0.4.0');
    const seen: string[] = [];
    for (const [sha, , before] of RELEASES) {
      if (before === '1.0.0') {
        // The 1.0 release by hand: the API as of 3b9dfab^ (a1311ea's uhost), version set, tagged.
        repo.writePackage('1.0.0');
        repo.commitSpec(await uhostSpecAt(history, `${sha}^`, work), 'v1.0.0', dateOf(`${sha}^`));
        repo.git('tag', 'v1.0.0');
      }
      repo.commitSpec(await uhostSpecAt(history, sha, work), `docs ${sha}`, dateOf(sha));
      const diff = JSON.parse(repo.cli(['diff', '--base', `v${before}`, '--format', 'json']).stdout) as { summary: { total: number; breaking: number } };
      const r = repo.cli(['changelog', '--to', 'HEAD', '--format', 'json', '--write']);
      expect(r.status, r.stderr).toBe(0);
      const p = JSON.parse(r.stdout) as Proposal;
      const implied =
        diff.summary.breaking > 0 ? (before.startsWith('0.') ? 'minor' : 'major') : diff.summary.total > 0 && !before.startsWith('0.') ? 'minor' : 'patch';
      seen.push(
        `${sha}: ${p.from} ${p.current} -> ${p.next} (${p.bump}; diff: ${diff.summary.breaking} breaking of ${diff.summary.total}; implies ${implied})`,
      );
      expect(p.bump).toBe(implied);
      expect(p.date).toBe(dateOf(sha).slice(0, 10));
      repo.git('add', '-A');
      repo.git('commit', '-q', '-m', `release ${p.next}`);
      repo.git('tag', `v${p.next}`);
    }
    expect(seen.map((s) => s.replace(/ \(.*\)$/, ''))).toEqual(RELEASES.map(([sha, , before, want]) => `${sha}: v${before} ${before} -> ${want}`));
    const log = repo.read('CHANGELOG.md');
    expect([...log.matchAll(/^## (\S+) \((\d{4}-\d\d-\d\d)\)$/gm)].map((m) => m[1])).toEqual(['2.0.0', '1.1.0', '1.0.1', '0.5.0', '0.4.1']);
    expect(log).toContain('No API changes from `v1.0.0` to `HEAD`.');
    expect(log).toMatch(
      /## 0\.5\.0 [^]*#### ⚠️ Breaking[^]*DescribeHostMachineTypeFamilies `response\.MachineTypes\[\]\.Disks\[\]\.BootDisk\[\]\.Features`: type-changed, array<string> -> array<DiskFeature>/,
    );
    expect(JSON.parse(repo.read('package.json'))).toMatchObject({ version: '2.0.0' });
  }, 180_000);
});
