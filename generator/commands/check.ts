/**
 * `scloud-gen check [--docs <dir>] [--spec <dir>] [--out <dir>]`: rebuild docs -> spec -> generated in memory
 * and list every stale, missing or extra file; exit 1 when anything differs (CI runs it).
 */
import { existsSync } from 'node:fs';
import type { Command } from '../cli.js';
import { parseArgs, requireString } from '../args.js';
import { UsageError, type Diagnostic } from '../diagnostics.js';
import { openCache } from '../emit/cache.js';
import { generateFiles } from '../emit/pipeline.js';
import { CACHE_FILE, parseDocsCached, readSpecDirCached, ownsSpecFile, printDiagnostics, specFiles, summaryLine } from '../emit/stages.js';
import { diffTree, type TreeDiff } from '../emit/write.js';
import type { ActionSpec } from '../spec/model.js';
import { BUILD_FLAGS, parseOptionsFor } from './build.js';
import { runtimeFlag } from './generate.js';

export const command: Command = {
  name: 'check',
  summary: 'Rebuild spec/ and generated/ in memory and fail (exit 1) listing every stale, missing or extra file.',
  usage: 'scloud-gen check [--docs <dir>] [--spec <dir>] [--out <dir>] [--overrides <dir>] [--docs-base-url <url>] [--runtime <dir>] [--no-cache]',
  async run(argv) {
    const started = performance.now();
    const args = parseArgs('check', argv, BUILD_FLAGS);
    if (args.positionals.length > 0) throw new UsageError(`scloud-gen check: unexpected argument '${args.positionals[0]}'; see 'scloud-gen help check'`);
    const docs = requireString('check', args, 'docs');
    const specDir = requireString('check', args, 'spec');
    const out = requireString('check', args, 'out');
    const runtimeDir = runtimeFlag('check', args.flags.runtime);
    const cache = await openCache(args.flags['no-cache'] === true ? undefined : CACHE_FILE);
    let specs: ActionSpec[];
    let diagnostics: Diagnostic[];
    const problems: string[] = [];
    let unchanged = 0;
    if (existsSync(docs)) {
      const parsed = await parseDocsCached(docs, parseOptionsFor(docs, args.flags), cache);
      const spec = await specFiles(parsed.specs, specDir, cache);
      specs = parsed.specs;
      diagnostics = [...parsed.diagnostics, ...spec.diagnostics];
      const d = await diffTree(specDir, spec.files, ownsSpecFile);
      problems.push(...describe(specDir, d, `scloud-gen build --docs ${docs} --spec ${specDir} --out ${out}`));
      unchanged += d.unchanged.length;
    } else {
      process.stderr.write(`check: no docs folder '${docs}'; checking ${out} against ${specDir} only\n`);
      const read = await readSpecDirCached(specDir, cache);
      specs = read.specs;
      diagnostics = read.diagnostics;
    }
    const r = await generateFiles(specs, { runtimeDir, cache });
    await cache.save();
    const d = await diffTree(out, r.files);
    problems.push(...describe(out, d, 'npm run generate'));
    unchanged += d.unchanged.length;
    const errors = diagnostics.filter((x) => x.severity === 'error');
    printDiagnostics(errors);
    for (const p of problems) process.stdout.write(`${p}\n`);
    process.stderr.write(summaryLine({ command: 'check', actions: r.actions, written: 0, unchanged, warnings: diagnostics.filter((x) => x.severity === 'warning').length + r.warnings.length, errors: errors.length, started }));
    if (problems.length > 0) process.stderr.write(`check: ${problems.length} files out of date; run \`npm run generate\` and commit the result\n`);
    return problems.length > 0 || errors.length > 0 ? 1 : 0;
  },
};

function describe(dir: string, d: TreeDiff, fix: string): string[] {
  return [
    ...d.stale.map((f) => `stale: ${dir}/${f} (differs from what \`${fix}\` produces)`),
    ...d.missing.map((f) => `missing: ${dir}/${f}`),
    ...d.extra.map((f) => `extra: ${dir}/${f} (no longer produced)`),
  ].sort((a, b) => (a.replace(/^\w+: /, '') < b.replace(/^\w+: /, '') ? -1 : 1));
}
