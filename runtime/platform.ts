/**
 * What the runtime offers beyond `fetch` and Web Crypto. Node's built-in modules are reached through
 * `process.getBuiltinModule` (Node >= 20.16, Bun, Deno), never through an `import`: no `node:*` specifier is on the
 * import graph, so a bundle for a Worker (workerd, no Node built-ins) needs no shim, and where they are missing
 * each caller takes its other way (Web Crypto for SHA-1, fetch for HTTP, options for credentials).
 * @internal
 */

/** The built-in modules the runtime uses, by name. */
interface Builtins {
  'node:crypto': typeof import('node:crypto');
  'node:fs': typeof import('node:fs');
  'node:http': typeof import('node:http');
  'node:https': typeof import('node:https');
  'node:os': typeof import('node:os');
  'node:path': typeof import('node:path');
}

interface ProcessLike {
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly version?: string;
  readonly versions?: Readonly<Record<string, string | undefined>>;
  getBuiltinModule?(id: string): unknown;
}

/** `process` where the runtime has one (a Worker without nodejs_compat has none). */
function processObject(): ProcessLike | undefined {
  const p = (globalThis as { process?: unknown }).process;
  return typeof p === 'object' && p !== null ? p : undefined;
}

/** Whether Node's built-in modules can be had here (Node, Bun, Deno; not a Worker without nodejs_compat). */
export function hasNodeBuiltins(): boolean {
  return typeof processObject()?.getBuiltinModule === 'function';
}

/** A Node built-in module, or undefined where the runtime has none (a Worker, a browser). */
export function nodeBuiltin<K extends keyof Builtins>(name: K): Builtins[K] | undefined {
  const proc = processObject();
  if (typeof proc?.getBuiltinModule !== 'function') return undefined;
  return (proc.getBuiltinModule(name) ?? undefined) as Builtins[K] | undefined;
}

/** The process environment, or an empty one where there is no `process` (pass options there instead). */
export function processEnv(): Readonly<Record<string, string | undefined>> {
  return processObject()?.env ?? {};
}

/**
 * `node/<version>`, `bun/<version>`, `deno/<version>`, `workerd` (a Cloudflare Worker) or `js` for the
 * User-Agent, from the runtime's own version fields.
 */
export function runtimeToken(): string {
  const deno = (globalThis as { Deno?: { version?: { deno?: string } } }).Deno?.version?.deno;
  if (deno !== undefined) return `deno/${deno}`;
  const proc = processObject();
  const bun = proc?.versions?.bun;
  if (bun !== undefined) return `bun/${bun}`;
  if (proc?.versions?.node !== undefined && proc.version !== undefined) return `node/${proc.version}`;
  const agent = (globalThis as { navigator?: { userAgent?: unknown } }).navigator?.userAgent;
  return agent === 'Cloudflare-Workers' ? 'workerd' : 'js';
}
