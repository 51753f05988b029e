/**
 * `npm run bench`: runs every benchmark module below in sequence and prints their figures.
 * (`floor` runs only when named.) Each module exports `run(): Promise<void>` and prints its own lines; copy the figures into BENCHMARKS.md.
 */
import { existsSync } from 'node:fs';
import { arch, cpus, totalmem } from 'node:os';

const MODULES = ['parse', 'generate', 'runtime', 'bundle', 'import', 'floor'] as const;
/** Run only when named (`npm run bench -- floor`): figures for a decision, not for every record. */
const OPT_IN: readonly string[] = ['floor'];

console.log(
  `# ${new Date().toISOString().slice(0, 10)} node ${process.version} ${arch()} ${cpus().length}x ${cpus()[0]?.model ?? '?'} ${Math.round(totalmem() / 2 ** 30)} GiB`,
);
const only = process.argv.slice(2);
for (const name of MODULES) {
  if (only.length > 0 ? !only.includes(name) : OPT_IN.includes(name)) continue;
  const path = new URL(`./${name}.ts`, import.meta.url);
  if (!existsSync(path)) continue;
  console.log(`\n## ${name}`);
  const mod = (await import(path.href)) as { run(): Promise<void> };
  await mod.run();
}
