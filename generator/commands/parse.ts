/** `scloud-gen parse --docs <dir> --spec <dir> [--json] [--docs-base-url <url>] [--overrides <dir>]` */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { isAbsolute, join, relative, resolve } from 'node:path';
import type { Command } from '../cli.js';
import { parseArgs, requireString } from '../args.js';
import { countByCode, diagnosticJson, formatDiagnostic, UsageError } from '../diagnostics.js';
import { writeTreeAtomic } from '../fs/atomic.js';
import { DEFAULTS } from '../options.js';
import { parseDocs } from '../parse/docs.js';
import { serializeSpec, parseSpecText } from '../spec/io.js';

const FLAGS = {
  docs: { kind: 'string', default: DEFAULTS.docsDir },
  spec: { kind: 'string', default: DEFAULTS.specDir },
  json: { kind: 'boolean', default: false },
  'docs-base-url': { kind: 'string', default: DEFAULTS.docsBaseUrl },
  overrides: { kind: 'string' },
} as const;

export const command: Command = {
  name: 'parse',
  summary: 'Parse Markdown API reference pages into the YAML spec (one file per action), validated against spec/schema.json.',
  usage: 'scloud-gen parse --docs <dir> --spec <dir> [--json] [--docs-base-url <url>] [--overrides <dir>]',
  async run(argv) {
    const args = parseArgs('parse', argv, FLAGS);
    if (args.positionals.length > 0) throw new UsageError(`scloud-gen parse: unexpected argument '${args.positionals[0]}'; see 'scloud-gen help parse'`);
    const docs = requireString('parse', args, 'docs');
    const specDir = requireString('parse', args, 'spec');
    if (!existsSync(docs) || !statSync(docs).isDirectory()) throw new UsageError(`scloud-gen parse: --docs '${docs}' is not a folder; point it at a folder with one sub-folder per product`);
    assertReplaceable(docs, specDir);
    const overrides = typeof args.flags.overrides === 'string' ? args.flags.overrides : existsSync(DEFAULTS.overridesDir) && docs === DEFAULTS.docsDir ? DEFAULTS.overridesDir : undefined;
    const result = await parseDocs(docs, { docsBaseUrl: String(args.flags['docs-base-url']), ...(overrides !== undefined ? { overridesDir: overrides } : {}) });
    const files = new Map<string, string>();
    const diagnostics = [...result.diagnostics];
    for (const spec of result.specs) {
      const rel = `${spec.product}/${spec.action}.yaml`;
      const text = serializeSpec(spec);
      const check = parseSpecText(text, join(specDir, rel));
      if (check.diagnostics.length > 0) diagnostics.push(...check.diagnostics);
      else files.set(rel, text);
    }
    await writeTreeAtomic(specDir, files);
    const errors = diagnostics.filter((d) => d.severity === 'error').length;
    const json = args.flags.json === true;
    for (const d of diagnostics) (d.severity === 'info' && !json ? [] : [d]).forEach((x) => process.stdout.write(`${json ? diagnosticJson(x) : formatDiagnostic(x)}\n`));
    const summary = {
      summary: true,
      pages: result.pages,
      actions: files.size,
      skipped: result.skipped.length,
      skippedByReason: countReasons(result.skipped.map((s) => s.reason)),
      errors,
      warnings: diagnostics.filter((d) => d.severity === 'warning').length,
      errorsByCode: countByCode(diagnostics, 'error'),
      warningsByCode: countByCode(diagnostics, 'warning'),
    };
    if (json) process.stdout.write(`${JSON.stringify(summary)}\n`);
    else
      process.stderr.write(
        `parse: ${result.pages} pages -> ${files.size} actions in ${specDir}; ${summary.skipped} skipped (${Object.entries(summary.skippedByReason).map(([k, v]) => `${v} ${k}`).join(', ') || 'none'}); ${errors} errors, ${summary.warnings} warnings\n`,
      );
    return errors > 0 ? 1 : 0;
  },
};

function countReasons(list: string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const r of [...list].sort()) out[r] = (out[r] ?? 0) + 1;
  return out;
}

/** The spec folder is replaced wholesale: refuse anything that is not (or would overwrite) a spec folder. */
function assertReplaceable(docs: string, specDir: string): void {
  const a = resolve(docs);
  const b = resolve(specDir);
  const inside = (child: string, parent: string): boolean => {
    const rel = relative(parent, child);
    return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
  };
  if (inside(a, b) || inside(b, a))
    throw new UsageError(`scloud-gen parse: --spec '${specDir}' overlaps --docs '${docs}'; the spec folder is replaced on every run, pick a separate folder`);
  if (!existsSync(b)) return;
  if (!statSync(b).isDirectory()) throw new UsageError(`scloud-gen parse: --spec '${specDir}' is a file; pass a folder`);
  for (const entry of readdirSync(b, { withFileTypes: true })) {
    const ok = entry.isDirectory() && readdirSync(join(b, entry.name), { withFileTypes: true }).every((f) => f.isFile() && f.name.endsWith('.yaml'));
    if (!ok && !entry.name.startsWith('.'))
      throw new UsageError(`scloud-gen parse: --spec '${specDir}' holds '${entry.name}', which is not a <product>/<Action>.yaml spec file; refusing to replace that folder — pass an empty or spec-only folder`);
  }
}
