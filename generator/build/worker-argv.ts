/**
 * The Node options a build worker starts with: this process's, without those that only apply to a main script
 * given as a string (`--input-type`, `-e`/`--eval`, `-p`/`--print` and their values), with which a worker fails to
 * start ("--input-type can only be used with string input"), as when the generator is run from `node -e`.
 */
export function workerExecArgv(argv: readonly string[] = process.execArgv): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a.startsWith('--input-type')) {
      if (a === '--input-type') i++;
      continue;
    }
    if (a === '-e' || a === '--eval' || a === '-p' || a === '--print') {
      i++;
      continue;
    }
    if (a.startsWith('--eval=') || a.startsWith('--print=')) continue;
    out.push(a);
  }
  return out;
}
