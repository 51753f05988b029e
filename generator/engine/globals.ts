/**
 * The client's files that belong to no product: the root index, the README and the runtime copies. They depend on
 * every product's summary, the runtime and the client's version; a run where none of that changed reuses the last
 * run's files (by hash) instead of making them again.
 */
import { createContext, type EmitOptions } from '../emit/context.js';
import type { RuntimeExports } from '../emit/runtime-exports.js';
import { rootFiles, type ProductSummary } from '../emit/root-files.js';
import { runtimeCopies } from '../emit/runtime-copy.js';
import { sha1 } from '../hash.js';

export interface GlobalsInput {
  version: string;
  summaries: readonly ProductSummary[];
  root: RuntimeExports;
  runtimeKey: string;
  clientVersion?: string;
  emit: EmitOptions;
}

/** The key of the global files: what they are made from. */
export function globalsKey(g: GlobalsInput): string {
  return sha1(JSON.stringify([g.version, g.summaries.map((x) => ({ ...x, sources: undefined })), g.root, g.runtimeKey, g.clientVersion ?? null]));
}

/** The global files' texts. */
export function makeGlobals(g: GlobalsInput): [string, string][] {
  const ctx = createContext(g.emit);
  return [...rootFiles(g.summaries, ctx, g.root), ...runtimeCopies(g.emit.runtimeDir, ctx, g.clientVersion)];
}
