import { existsSync, statSync } from 'node:fs';
import { parseArgs } from '../args.js';
import type { Command } from '../command.js';
import { UsageError } from '../../diagnostics.js';
import { filterReport, lintDocs } from '../../lint/lint-docs.js';
import { renderLintJson, renderLintText } from '../../lint/lint-report.js';
import { DEFAULTS } from '../../options.js';
import { foldOptions } from '../../report/code-group.js';
import { REPORT_FLAGS, REPORT_USAGE, reportDiagnostics, reportOptionsFrom } from '../../report/diagnostics-report.js';

const NAME = 'lint';

export const command: Command = {
  name: NAME,
  summary:
    'Every inconsistency in the reference pages, grouped by page with counts by code (codes with more than 10 findings folded); exits 1 on errors or over --max-warnings.',
  usage: `scloud-gen lint [--docs <dir>] [--json] [--docs-base-url <url>] ${REPORT_USAGE}`,
  async run(argv) {
    const args = parseArgs(NAME, argv, {
      docs: { kind: 'string', default: DEFAULTS.docsDir },
      json: { kind: 'boolean', default: false },
      'docs-base-url': { kind: 'string', default: DEFAULTS.docsBaseUrl },
      ...REPORT_FLAGS,
    });
    if (args.positionals.length > 0) throw new UsageError(`scloud-gen lint: unexpected argument '${args.positionals[0]}'; pass the docs dir as --docs <dir>`);
    const options = reportOptionsFrom(NAME, args.flags, argv);
    const dir = args.flags.docs as string;
    if (!existsSync(dir) || !statSync(dir).isDirectory()) {
      throw new UsageError(`scloud-gen lint: docs dir '${dir}' does not exist; pass --docs <dir> with one folder per product`);
    }
    const report = await lintDocs(dir, { docsBaseUrl: args.flags['docs-base-url'] as string });
    const all = report.byPage.flatMap((p) => p.diagnostics);
    const outcome = await reportDiagnostics(all, options, { command: NAME, roots: [dir], knownProducts: report.products });
    const filtered = filterReport(report, outcome);
    process.stdout.write(args.flags.json === true ? renderLintJson(filtered) : renderLintText(filtered, { group: foldOptions(options), notes: outcome.notes }));
    return outcome.exitCode;
  },
};
