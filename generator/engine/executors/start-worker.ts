/**
 * Starting a build worker thread with this process's Node options. By default a worker inherits them all, and
 * that works for every option but `--input-type` (the worker fails: "--input-type can only be used with string
 * input"), as when the generator is run from `node --input-type=module -e`. Only then is an explicit list given.
 * An explicit list may not hold V8 or process-wide options (`--max-old-space-size`, `--stack-size`,
 * `--v8-pool-size`...: ERR_WORKER_INVALID_EXEC_ARGV), though they apply to the worker anyway (one process, one
 * V8); so a list that holds one is given up for none.
 */
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker, type WorkerOptions } from 'node:worker_threads';

/**
 * The options a worker must get explicitly: this process's, without those that only apply to a main script given
 * as a string (`--input-type`, `-e`/`--eval`, `-p`/`--print` and their values); undefined (inherit them all) when
 * there is no `--input-type`, which is the only one a worker fails to start with.
 */
export function workerExecArgv(argv: readonly string[] = process.execArgv): string[] | undefined {
  if (!argv.some((a) => a.startsWith('--input-type'))) return undefined;
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

/**
 * The URL of the worker module `name` (without extension) beside the module at `from`: the compiled `.js`, or, when
 * the generator runs from its TypeScript sources (tests, `bin/run-ts.js`), the `.ts`, which startWorker loads through
 * tsx, so the tests run the plans users get.
 */
export function workerModule(name: string, from: string): URL {
  return new URL(`./${name}${from.endsWith('.ts') ? '.ts' : '.js'}`, from);
}

/** A module that registers tsx in the worker, then loads the TypeScript worker module at `url`. */
function fromSources(url: URL): URL {
  // tsx's ESM entry (its CommonJS one, what require.resolve finds, cannot register ESM hooks).
  const tsx = new URL('./dist/esm/api/index.mjs', pathToFileURL(createRequire(import.meta.url).resolve('tsx/package.json'))).href;
  const code = `const { register } = await import(${JSON.stringify(tsx)});\nregister();\nawait import(${JSON.stringify(url.href)});\n`;
  return new URL(`data:text/javascript,${encodeURIComponent(code)}`);
}

/** `new Worker(url, options)` with this process's options (above). */
export function startWorker(module: URL, options: Omit<WorkerOptions, 'execArgv'> = {}, argv: readonly string[] = process.execArgv): Worker {
  const url = module.pathname.endsWith('.ts') ? fromSources(module) : module;
  const execArgv = workerExecArgv(argv);
  if (execArgv === undefined) return new Worker(url, options);
  try {
    return new Worker(url, { ...options, execArgv });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ERR_WORKER_INVALID_EXEC_ARGV') throw e;
    return new Worker(url, { ...options, execArgv: [] });
  }
}
