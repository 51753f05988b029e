/**
 * One process of the code-cache tests (a new process, as every CLI run is: V8 keeps what it compiled for the
 * isolate's life, so a second require in one process never reads an entry). Usage:
 * `node bin/run-ts.js test/emit/code-cache-driver.ts <cache folder|-> <write: 0|1> <module file>`; prints what
 * the cache did and the module's exports as JSON (functions called with 10, long strings as their length).
 */
import { pathToFileURL } from 'node:url';
import { lastUse, requireCached, useCodeCache } from '../../generator/speed/code-cache.js';

const [dir, write, file] = process.argv.slice(2) as [string, string, string];
useCodeCache(dir === '-' ? undefined : dir, write === '1');
const m = requireCached<Record<string, unknown>>(file, pathToFileURL(file).href);
const exports = Object.fromEntries(
  Object.entries(m).map(([k, v]) => [k, typeof v === 'function' ? (v as (n: number) => unknown)(10) : typeof v === 'string' && v.length > 1000 ? v.length : v]),
);
process.stdout.write(JSON.stringify({ use: lastUse, exports }));
