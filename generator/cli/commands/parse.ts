/** `scloud-gen parse --docs <dir> --spec <dir> [--json] [--docs-base-url <url>] [--overrides <dir>]` */
import type { Command } from '../command.js';
import { parseArgs } from '../args.js';
import { countByCode, diagnosticJson, formatDiagnostic, UsageError } from '../../diagnostics.js';
import { DEFAULTS } from '../../options.js';
import { runOptions } from '../run-options.js';
import { build as runBuild } from './build.js';

const FLAGS = {
  docs: { kind: 'string', default: DEFAULTS.docsDir },
  spec: { kind: 'string', default: DEFAULTS.specDir },
  json: { kind: 'boolean', default: false },
  'docs-base-url': { kind: 'string', default: DEFAULTS.docsBaseUrl },
  overrides: { kind: 'string' },
  'no-cache': { kind: 'boolean', default: false },
  'allow-mass-removal': { kind: 'boolean', default: false },
} as const;

export const command: Command = {
  name: 'parse',
  summary: 'Parse Markdown API reference pages into the YAML spec (one file per action), validated against spec/schema.json.',
  usage: 'scloud-gen parse --docs <dir> --spec <dir> [--json] [--docs-base-url <url>] [--overrides <dir>] [--no-cache] [--allow-mass-removal]',
  async run(argv) {
    const args = parseArgs('parse', argv, FLAGS);
    if (args.positionals.length > 0) throw new UsageError(`scloud-gen parse: unexpected argument '${args.positionals[0]}'; see 'scloud-gen help parse'`);
    const json = args.flags.json === true;
    const o = runOptions('parse', args);
    const { build, exitCode } = await runBuild({ ...o, quiet: true });
    const diagnostics = build.diagnostics;
    let text = '';
    for (const d of diagnostics) if (json || d.severity !== 'info') text += `${json ? diagnosticJson(d) : formatDiagnostic(d)}\n`;
    process.stdout.write(text);
    const errors = diagnostics.filter((d) => d.severity === 'error').length;
    const summary = {
      summary: true,
      pages: build.pages,
      actions: build.actions,
      skipped: build.skipped.length,
      skippedByReason: countReasons(build.skipped.map((s) => s.reason)),
      errors,
      warnings: diagnostics.filter((d) => d.severity === 'warning').length,
      errorsByCode: countByCode(diagnostics, 'error'),
      warningsByCode: countByCode(diagnostics, 'warning'),
    };
    if (json) process.stdout.write(`${JSON.stringify(summary)}\n`);
    else {
      const reasons =
        Object.entries(summary.skippedByReason)
          .map(([k, v]) => `${v} ${k}`)
          .join(', ') || 'none';
      process.stderr.write(
        `parse: ${build.pages} pages -> ${build.actions} actions in ${o.spec}; ${summary.skipped} skipped (${reasons}); ${errors} errors, ${summary.warnings} warnings\n`,
      );
    }
    return exitCode;
  },
};

function countReasons(list: string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const r of [...list].sort()) out[r] = (out[r] ?? 0) + 1;
  return out;
}
