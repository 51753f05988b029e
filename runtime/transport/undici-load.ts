/**
 * Loading undici on a transport's first request (never at import time: about 0.1 s on Node 20). Also
 * says whether its dispatcher works here: Bun ships its own `undici` module whose Agent has no `dispatch`
 * (detected by looking, not by sniffing the runtime's name).
 */
type Undici = typeof import('undici');

export type UndiciLoad =
  | { readonly ok: true; readonly undici: Undici }
  | { readonly ok: false; readonly why: string; readonly fix: string; readonly cause: unknown };

/**
 * The undici module, or why it cannot be used (not installed or bundled away, or no dispatcher in this runtime).
 * Each transport calls this once; the module system caches the import itself.
 */
export function loadUndici(): Promise<UndiciLoad> {
  return import('undici').then(
    (undici): UndiciLoad => {
      const proto = (undici.Agent as { prototype?: { dispatch?: unknown } } | undefined)?.prototype;
      if (typeof proto?.dispatch !== 'function') {
        return { ok: false, why: "this runtime's undici module has no working dispatcher (Agent#dispatch is missing)", fix: "use transport: 'fetch', or leave transport unset to pick it automatically", cause: undefined };
      }
      return { ok: true, undici };
    },
    (error: unknown): UndiciLoad => {
      const why = `undici could not be loaded (${error instanceof Error ? error.message : String(error)})`;
      return { ok: false, why, fix: "reinstall the dependencies, mark 'undici' external if you bundle, or use transport: 'fetch' or 'http'", cause: error };
    },
  );
}
