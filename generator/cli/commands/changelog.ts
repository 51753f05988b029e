/**
 * `scloud-gen changelog`: the release notes and the next version. Diffs the spec at `--from` (default: the
 * latest `v*` tag reachable from `--to`) with `--to` (default: the working tree), groups the changes by
 * product, proposes the next version of the client package from the diff's verdict, and with `--write`
 * prepends the section to CHANGELOG.md and sets the package's version.
 */
import { existsSync, statSync } from 'node:fs';
import { readFile, rename, writeFile } from 'node:fs/promises';
import { parseArgs } from '../args.js';
import type { Command } from '../command.js';
import type { Diagnostic } from '../../diagnostics.js';
import { formatDiagnostic, sortDiagnostics, UsageError } from '../../diagnostics.js';
import { groupByProduct, renderSection } from '../../diff/release-notes.js';
import { diffSpecs } from '../../diff/compare.js';
import { commitDate, gitTop, readSpecDirAtRef, resolveCommit, versionTagsMerged, type Asker } from '../../diff/git.js';
import { prependSection, setPackageVersion } from '../../diff/release-files.js';
import { bumpFor, compareVersions, formatVersion, nextVersion, parseVersion, type Version } from '../../diff/semver.js';
import { DEFAULTS } from '../../options.js';
import type { ActionSpec } from '../../spec/model.js';
import { readSpecDir } from '../../spec/io.js';

const NAME = 'changelog';
const FROM: Asker = { command: NAME, flag: '--from' };
const TO: Asker = { command: NAME, flag: '--to' };

export const command: Command = {
  name: NAME,
  summary:
    'Release notes and the next version: API changes between the spec at --from (default: the latest v* tag) and --to (default: the working tree), by product; --write prepends them to CHANGELOG.md and sets the package version.',
  usage: 'scloud-gen changelog [--from <git-ref>] [--to <git-ref>] [--spec <dir>] [--package <file>] [--changelog <file>] [--format markdown|json] [--write]',
  async run(argv) {
    const args = parseArgs(NAME, argv, {
      from: { kind: 'string' },
      to: { kind: 'string' },
      spec: { kind: 'string', default: DEFAULTS.specDir },
      package: { kind: 'string' },
      changelog: { kind: 'string', default: 'CHANGELOG.md' },
      format: { kind: 'string', default: 'markdown' },
      write: { kind: 'boolean', default: false },
    });
    if (args.positionals.length > 0)
      throw new UsageError(`scloud-gen changelog: unexpected argument '${args.positionals[0]}'; see 'scloud-gen help changelog'`);
    const format = String(args.flags.format);
    if (format !== 'markdown' && format !== 'json') throw new UsageError(`scloud-gen changelog: --format is markdown or json, got '${format}'`);
    const cwd = process.cwd();
    await gitTop(cwd, FROM);
    const range = await resolveRange(cwd, str(args.flags.from), str(args.flags.to));
    const pkg = await readPackage(str(args.flags.package));
    const spec = String(args.flags.spec);
    const [before, after] = await Promise.all([
      readSpecDirAtRef(range.from, spec, cwd, FROM),
      range.to === undefined ? readWorkingTree(spec) : readSpecDirAtRef(range.to, spec, cwd, TO),
    ]);
    const diagnostics = [...before.diagnostics, ...after.diagnostics];
    for (const d of sortDiagnostics(diagnostics)) process.stderr.write(formatDiagnostic(d) + '\n');
    if (diagnostics.some((d) => d.severity === 'error')) {
      process.stderr.write('scloud-gen changelog: some spec files are invalid (above); fix them or regenerate the spec, then rerun\n');
      return 2;
    }
    warnIfAhead(range.from, pkg, args.flags.write === true);
    const report = diffSpecs(before.specs, after.specs, { before: before.facades, after: after.facades });
    const bump = bumpFor(pkg.version, report.summary);
    const next = formatVersion(nextVersion(pkg.version, bump));
    const toLabel = range.to === undefined ? 'working tree' : range.to;
    const date = range.to === undefined ? today() : await commitDate(range.to, cwd, TO);
    const section = renderSection({ version: next, date, from: range.from, to: toLabel, report });
    const current = formatVersion(pkg.version);
    if (format === 'json') {
      const body = {
        from: range.from,
        to: toLabel,
        current,
        next,
        bump,
        date,
        changes: report.changes,
        products: groupByProduct(report),
        summary: report.summary,
      };
      process.stdout.write(JSON.stringify(body, null, 2) + '\n');
    } else process.stdout.write(section);
    if (args.flags.write === true) await writeRelease(String(args.flags.changelog), section, next, pkg);
    return 0;
  },
};

function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

interface Range {
  /** The ref as the user gave it, or the tag found. */
  from: string;
  /** undefined: the working tree. */
  to?: string;
}

async function resolveRange(cwd: string, from: string | undefined, to: string | undefined): Promise<Range> {
  if (to !== undefined) await resolveCommit(to, cwd, TO);
  if (from !== undefined) {
    await resolveCommit(from, cwd, FROM);
    return { from, ...(to !== undefined ? { to } : {}) };
  }
  const head = to ?? 'HEAD';
  const where = to === undefined ? 'HEAD' : `--to ${to}`;
  const headSha = await resolveCommit(head, cwd, { command: NAME, flag: 'HEAD' }).catch(() => {
    throw new UsageError(`scloud-gen changelog: the repository has no commit yet, so no v* tag to start from; pass --from <ref>`);
  });
  const tags = (await versionTagsMerged(headSha, cwd, FROM))
    .map((tag) => ({ tag, v: parseVersion(tag.slice(1)) }))
    .filter((t): t is { tag: string; v: Version } => t.v !== undefined)
    .sort((a, b) => compareVersions(b.v, a.v) || (a.tag < b.tag ? -1 : 1));
  const latest = tags[0]?.tag;
  if (latest === undefined) {
    throw new UsageError(
      `scloud-gen changelog: no v* version tag (like v0.1.0) is reachable from ${where}; pass --from <ref>, or tag the last release: git tag v0.1.0 <commit>`,
    );
  }
  return { from: latest, ...(to !== undefined ? { to } : {}) };
}

interface PackageFile {
  path: string;
  text: string;
  version: Version;
}

/** --package, else generated/package.json (the client package), else ./package.json. */
async function readPackage(flag: string | undefined): Promise<PackageFile> {
  const path = flag ?? (existsSync('generated/package.json') ? 'generated/package.json' : 'package.json');
  if (!existsSync(path) || !statSync(path).isFile()) {
    const tried = flag === undefined ? 'generated/package.json and ./package.json do not exist' : `'${flag}' does not exist`;
    throw new UsageError(`scloud-gen changelog: no package file: ${tried}; pass --package <file> with the client package's package.json`);
  }
  const text = await readFile(path, 'utf8');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    const at = /position (\d+)/.exec((e as Error).message);
    const where = at === null ? '' : `:${lineCol(text, Number(at[1]))}`;
    throw new UsageError(`scloud-gen changelog: ${path}${where}: not valid JSON (${(e as Error).message.split('\n')[0]}); fix the file`);
  }
  const raw = (value as { version?: unknown } | null)?.version;
  const version = typeof raw === 'string' && raw === raw.trim() && !raw.startsWith('v') ? parseVersion(raw) : undefined;
  if (version === undefined) {
    throw new UsageError(`scloud-gen changelog: ${path}: "version" is ${JSON.stringify(raw ?? null)}, not a semantic version like 1.2.3; set it, then rerun`);
  }
  return { path, text, version };
}

function lineCol(text: string, pos: number): string {
  const before = text.slice(0, pos).split('\n');
  return `${before.length}:${(before.at(-1)?.length ?? 0) + 1}`;
}

async function readWorkingTree(dir: string): Promise<{ specs: ActionSpec[]; diagnostics: Diagnostic[]; facades?: Map<string, string> }> {
  if (existsSync(dir)) return readSpecDir(dir);
  const message = `spec dir '${dir}' does not exist; the working tree counts as an empty API (pass --spec <dir> if the spec lives elsewhere)`;
  return { specs: [], diagnostics: [{ file: dir, line: 0, col: 0, severity: 'warning', code: 'missing-spec-dir', message }] };
}

/**
 * A package version other than the release tag's usually means this release was written already: a warning,
 * and with --write an error (writing again would bump twice).
 */
function warnIfAhead(from: string, pkg: PackageFile, writing: boolean): void {
  const tagged = /^v/.test(from) ? parseVersion(from.slice(1)) : undefined;
  if (tagged === undefined || compareVersions(tagged, pkg.version) === 0) return;
  const [at, was] = [formatVersion(pkg.version), formatVersion(tagged)];
  if (writing) {
    throw new UsageError(
      `scloud-gen changelog: ${pkg.path} is at ${at} but --from ${from} is ${was}: this release looks written already; tag it (git tag v${at}) or set the version back to ${was}, then rerun`,
    );
  }
  process.stderr.write(`scloud-gen changelog: warning: ${pkg.path} is at ${at} but --from ${from} is ${was}; the next version is proposed from ${at}\n`);
}

function today(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

async function writeRelease(changelogPath: string, section: string, next: string, pkg: PackageFile): Promise<void> {
  const existing = existsSync(changelogPath) ? await readFile(changelogPath, 'utf8') : undefined;
  if (existing !== undefined && new RegExp(`^## ${next.replace(/\./g, '\\.')} `, 'm').test(existing)) {
    throw new UsageError(`scloud-gen changelog: ${changelogPath} already has a section for ${next}; remove it to write it again`);
  }
  const json = setPackageVersion(pkg.text, next);
  if (json === undefined) throw new UsageError(`scloud-gen changelog: ${pkg.path}: no top-level "version" string to update; add one`);
  await writeAtomic(changelogPath, prependSection(existing, section));
  await writeAtomic(pkg.path, json);
  process.stderr.write(`scloud-gen changelog: ${changelogPath}: added ## ${next}; ${pkg.path}: version ${formatVersion(pkg.version)} -> ${next}\n`);
}

async function writeAtomic(path: string, text: string): Promise<void> {
  const tmp = `${path}.tmp-${process.pid}`;
  await writeFile(tmp, text);
  await rename(tmp, path);
}
