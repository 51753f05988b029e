/**
 * `scloud-gen changelog`: the release notes and the next version. Diffs the spec at `--from` (default: the
 * latest `v*` tag reachable from `--to`) with `--to` (default: the working tree), groups the changes by
 * product, proposes the next version of the client package from the diff's verdict, and with `--write`
 * prepends the section to CHANGELOG.md and sets the package's version. The release's aliases (diff/alias-plan.ts:
 * models the docs renamed keep their old names; a breaking release drops the earlier ones) count in the verdict,
 * and `--write` records them in `<spec>/aliases.yaml`; `--no-aliases` leaves that file as it is.
 */
import { existsSync, statSync } from 'node:fs';
import { readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from '../args.js';
import type { Command } from '../command.js';
import { formatDiagnostic, sortDiagnostics, UsageError } from '../../diagnostics.js';
import { groupByProduct, renderSection } from '../../diff/release-notes.js';
import { dropExpired, proposeAliases, type AliasPlan } from '../../diff/alias-plan.js';
import type { DiffReport } from '../../diff/changes.js';
import { diffSpecs } from '../../diff/compare.js';
import { commitDate, gitTop, readSpecDirAtRef, resolveCommit, versionTagsMerged, type Asker } from '../../diff/git.js';
import { prependSection, setPackageVersion } from '../../diff/release-files.js';
import { bumpFor, compareVersions, formatVersion, nextVersion, parseVersion, type Bump, type Version } from '../../diff/semver.js';
import { DEFAULTS } from '../../options.js';
import { ALIASES_FILE, serializeAliases, type AliasEntry } from '../../spec/aliases.js';
import { readSpecDir, type SpecDir } from '../../spec/io.js';

const NAME = 'changelog';
const FROM: Asker = { command: NAME, flag: '--from' };
const TO: Asker = { command: NAME, flag: '--to' };

export const command: Command = {
  name: NAME,
  summary:
    'Release notes and the next version: API changes between the spec at --from (default: the latest v* tag) and --to (default: the working tree), by product; --write prepends them to CHANGELOG.md and sets the package version.',
  usage:
    'scloud-gen changelog [--from <git-ref>] [--to <git-ref>] [--spec <dir>] [--package <file>] [--changelog <file>] [--format markdown|json] [--write] [--no-aliases]',
  async run(argv) {
    const args = parseArgs(NAME, argv, {
      from: { kind: 'string' },
      to: { kind: 'string' },
      spec: { kind: 'string', default: DEFAULTS.specDir },
      package: { kind: 'string' },
      changelog: { kind: 'string', default: 'CHANGELOG.md' },
      format: { kind: 'string', default: 'markdown' },
      write: { kind: 'boolean', default: false },
      'no-aliases': { kind: 'boolean', default: false },
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
    const release = planRelease(before, after, pkg.version, args.flags['no-aliases'] !== true);
    const { report, bump, next, aliases } = release;
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
        aliases: { added: aliases.added.map(aliasJson), retargeted: aliases.retargeted.map(aliasJson), dropped: aliases.dropped.map(aliasJson) },
      };
      process.stdout.write(JSON.stringify(body, null, 2) + '\n');
    } else process.stdout.write(section);
    if (aliases.added.length + aliases.retargeted.length + aliases.dropped.length > 0)
      process.stderr.write(`${aliasSummary(join(spec, ALIASES_FILE), aliases, args.flags.write === true)}\n`);
    if (args.flags.write === true) {
      await writeRelease(String(args.flags.changelog), section, next, pkg);
      await writeAliases(join(spec, ALIASES_FILE), aliases);
    }
    return 0;
  },
};

interface Release {
  report: DiffReport;
  bump: Bump;
  next: string;
  aliases: AliasPlan;
}

/**
 * The release: the renames since `--from` get aliases (unless `withAliases` is false), then the verdict, the bump
 * and the next version; a release that breaks code anyway drops the aliases of earlier releases.
 */
function planRelease(before: SpecDir, after: SpecDir, version: Version, withAliases: boolean): Release {
  const facades = { before: before.facades, after: after.facades };
  const current = after.aliases ?? [];
  const diff = (entries: readonly AliasEntry[]): DiffReport => diffSpecs(before.specs, after.specs, facades, { before: before.aliases, after: entries });
  const first = diff(current);
  if (!withAliases) {
    const bump = bumpFor(version, first.summary);
    return { report: first, bump, next: formatVersion(nextVersion(version, bump)), aliases: { entries: [...current], added: [], retargeted: [], dropped: [] } };
  }
  // The verdict does not depend on the release the aliases are made in: decide it, then make them in that release.
  const draft = proposeAliases(first, current, '');
  const report = draft.added.length > 0 ? diff(draft.entries) : first;
  const bump = bumpFor(version, report.summary);
  const next = formatVersion(nextVersion(version, bump));
  const made = proposeAliases(first, current, next);
  if (report.summary.breaking === 0) return { report, bump, next, aliases: made };
  const plan = dropExpired(made, next);
  return { report: plan.dropped.length > 0 ? diff(plan.entries) : report, bump, next, aliases: plan };
}

function aliasJson(e: AliasEntry): Omit<AliasEntry, 'line'> {
  return { product: e.product, old: e.old, new: e.new, since: e.since };
}

function aliasSummary(file: string, plan: AliasPlan, writing: boolean): string {
  const names = (list: readonly AliasEntry[]): string => list.map((e) => `${e.product} ${e.old} -> ${e.new}`).join(', ');
  const parts = [
    plan.added.length > 0 ? `${plan.added.length} added (${names(plan.added)})` : '',
    plan.retargeted.length > 0 ? `${plan.retargeted.length} now pointing further (${names(plan.retargeted)})` : '',
    plan.dropped.length > 0 ? `${plan.dropped.length} dropped, this release breaking code anyway (${names(plan.dropped)})` : '',
  ].filter((x) => x !== '');
  return `scloud-gen changelog: ${file}: ${writing ? '' : 'with --write, '}aliases ${parts.join('; ')}${writing ? '' : ' (--no-aliases leaves the file as it is)'}`;
}

/** The alias file after the release (written whole: temp file + rename); untouched when nothing changes. */
async function writeAliases(file: string, plan: AliasPlan): Promise<void> {
  if (plan.added.length + plan.retargeted.length + plan.dropped.length === 0) return;
  await writeAtomic(file, serializeAliases(plan.entries));
}

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

async function readWorkingTree(dir: string): Promise<SpecDir> {
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
