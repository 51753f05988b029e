/**
 * Loading undici on a transport's first request (never at import time: about 0.1 s on Node 20). Also
 * says whether its dispatcher works here: Bun ships its own `undici` module whose Agent has no `dispatch`
 * (detected by looking, not by sniffing the runtime's name).
 */
import { importOptional } from '../optional-import.js';
import { hasNodeBuiltins } from '../platform.js';

type Undici = typeof import('undici');

const USE_FETCH = "use transport: 'fetch', or leave transport unset to pick it automatically";

export type UndiciLoad =
  { readonly ok: true; readonly undici: Undici } | { readonly ok: false; readonly why: string; readonly fix: string; readonly cause: unknown };

/**
 * The undici module, or why it cannot be used (not installed or bundled away, or no dispatcher in this runtime).
 * Each transport calls this once; the module system caches the import itself.
 */
export function loadUndici(): Promise<UndiciLoad> {
  if (!hasNodeBuiltins()) {
    return Promise.resolve({ ok: false, why: 'this runtime has no Node built-in modules (a Worker)', fix: USE_FETCH, cause: undefined });
  }
  return (importOptional('undici') as Promise<Undici>).then(
    (undici): UndiciLoad => {
      const proto = (undici.Agent as { prototype?: { dispatch?: unknown } } | undefined)?.prototype;
      if (typeof proto?.dispatch !== 'function') {
        return { ok: false, why: "this runtime's undici module has no working dispatcher (Agent#dispatch is missing)", fix: USE_FETCH, cause: undefined };
      }
      return { ok: true, undici };
    },
    (error: unknown): UndiciLoad => {
      const why = `undici could not be loaded (${error instanceof Error ? error.message : String(error)})`;
      return {
        ok: false,
        why,
        fix: "install undici beside the SDK (a bundle loads it from node_modules at run time), or use transport: 'fetch' or 'http'",
        cause: error,
      };
    },
  );
}
