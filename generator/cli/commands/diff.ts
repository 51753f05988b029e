import { existsSync, statSync } from 'node:fs';
import { parseArgs } from '../args.js';
import type { Command } from '../command.js';
import type { Diagnostic } from '../../diagnostics.js';
import { formatDiagnostic, sortDiagnostics, UsageError } from '../../diagnostics.js';
import { diffSpecs, type AliasSides, type FacadeNames } from '../../diff/compare.js';
import { readSpecDirAtRef } from '../../diff/git.js';
import { renderJson, renderMarkdown } from '../../diff/diff-report.js';
import { DEFAULTS } from '../../options.js';
import type { ActionSpec } from '../../spec/model.js';
import { readSpecDir, type SpecDir } from '../../spec/io.js';

const NAME = 'diff';

export const command: Command = {
  name: NAME,
  summary:
    'API change report between two spec dirs (or the spec at a git ref and the working tree), each change marked breaking (for code using the client) or for review.',
  usage: 'scloud-gen diff <old-spec-dir> <new-spec-dir> | --base <git-ref> [<spec-dir>] [--format markdown|json] [--fail-on-breaking]',
  async run(argv) {
    const args = parseArgs(NAME, argv, {
      base: { kind: 'string' },
      format: { kind: 'string', default: 'markdown' },
      'fail-on-breaking': { kind: 'boolean', default: false },
    });
    const format = args.flags.format;
    if (format !== 'markdown' && format !== 'json') {
      throw new UsageError(`scloud-gen diff: --format is markdown or json, got '${String(format)}'`);
    }
    const base = args.flags.base;
    const { before, after, labels, diagnostics, facades, aliases } =
      typeof base === 'string' ? await loadAgainstRef(base, args.positionals) : await loadTwoDirs(args.positionals);
    for (const d of sortDiagnostics(diagnostics)) process.stderr.write(formatDiagnostic(d) + '\n');
    if (diagnostics.some((d) => d.severity === 'error')) {
      process.stderr.write('scloud-gen diff: some spec files are invalid (above); fix them or regenerate the spec, then rerun\n');
      return 2;
    }
    const report = diffSpecs(before, after, facades, aliases);
    process.stdout.write(format === 'json' ? renderJson(report, labels) : renderMarkdown(report, labels));
    return args.flags['fail-on-breaking'] === true && report.summary.breaking > 0 ? 1 : 0;
  },
};

interface Loaded {
  before: ActionSpec[];
  after: ActionSpec[];
  /** Class facade names of each side, from its product table. */
  facades: FacadeNames;
  /** Each side's alias file entries. */
  aliases: AliasSides;
  labels: { before: string; after: string };
  diagnostics: Diagnostic[];
}

async function loadTwoDirs(positionals: string[]): Promise<Loaded> {
  if (positionals.length !== 2) {
    throw new UsageError(`scloud-gen diff: give two spec dirs (old, new) or --base <git-ref>; see 'scloud-gen help diff'`);
  }
  const [oldDir, newDir] = positionals as [string, string];
  const [o, n] = await Promise.all([readDir(oldDir), readDir(newDir)]);
  return {
    before: o.specs,
    after: n.specs,
    facades: { before: o.facades, after: n.facades },
    aliases: { before: o.aliases, after: n.aliases },
    labels: { before: oldDir, after: newDir },
    diagnostics: [...o.diagnostics, ...n.diagnostics],
  };
}

async function loadAgainstRef(ref: string, positionals: string[]): Promise<Loaded> {
  if (positionals.length > 1) {
    throw new UsageError(`scloud-gen diff: with --base give at most one spec dir (default ${DEFAULTS.specDir})`);
  }
  const dir = positionals[0] ?? DEFAULTS.specDir;
  const [o, n] = await Promise.all([readSpecDirAtRef(ref, dir), readDir(dir)]);
  return {
    before: o.specs,
    after: n.specs,
    facades: { before: o.facades, after: n.facades },
    aliases: { before: o.aliases, after: n.aliases },
    labels: { before: `${ref}:${dir}`, after: dir },
    diagnostics: [...o.diagnostics, ...n.diagnostics],
  };
}

/** A missing spec dir is an empty API (e.g. every product deleted): one warning naming it, then no specs. */
async function readDir(dir: string): Promise<SpecDir> {
  if (!existsSync(dir)) {
    const message = `spec dir '${dir}' does not exist; compared as an empty API (every action counts as added or removed; check the path if that is unexpected)`;
    return { specs: [], diagnostics: [{ file: dir, line: 0, col: 0, severity: 'warning', code: 'missing-spec-dir', message }] };
  }
  if (!statSync(dir).isDirectory()) {
    throw new UsageError(`scloud-gen diff: '${dir}' is a file, not a spec dir; pass a dir of <product>/<Action>.yaml files`);
  }
  return readSpecDir(dir);
}
