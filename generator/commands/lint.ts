import { existsSync, statSync } from 'node:fs';
import { parseArgs } from '../args.js';
import type { Command } from '../cli.js';
import { UsageError } from '../diagnostics.js';
import { lintDocs } from '../lint/lint.js';
import { renderLintJson, renderLintText } from '../lint/render.js';
import { DEFAULTS } from '../options.js';

const NAME = 'lint';

export const command: Command = {
  name: NAME,
  summary: 'Every inconsistency in the reference pages, grouped by page with counts by code; exits 1 on errors.',
  usage: 'scloud-gen lint [--docs <dir>] [--json] [--docs-base-url <url>]',
  async run(argv) {
    const args = parseArgs(NAME, argv, {
      docs: { kind: 'string', default: DEFAULTS.docsDir },
      json: { kind: 'boolean', default: false },
      'docs-base-url': { kind: 'string', default: DEFAULTS.docsBaseUrl },
    });
    if (args.positionals.length > 0) throw new UsageError(`scloud-gen lint: unexpected argument '${args.positionals[0]}'; pass the docs dir as --docs <dir>`);
    const dir = args.flags.docs as string;
    if (!existsSync(dir) || !statSync(dir).isDirectory()) {
      throw new UsageError(`scloud-gen lint: docs dir '${dir}' does not exist; pass --docs <dir> with one folder per product`);
    }
    const report = await lintDocs(dir, { docsBaseUrl: args.flags['docs-base-url'] as string });
    process.stdout.write(args.flags.json === true ? renderLintJson(report) : renderLintText(report));
    return report.totals.error > 0 ? 1 : 0;
  },
};
