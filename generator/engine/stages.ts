/**
 * The engine's two stages, per product and without I/O: `parseProduct` (parsed pages -> specs) and `emitProduct`
 * (specs -> client files). The build's jobs (job.ts) and the library (library.ts) both run them, so the path the
 * golden and corpus tests drive is the one users run.
 */
import { sortDiagnostics, type Diagnostic } from '../diagnostics.js';
import type { EmitContext } from '../emit/context.js';
import { finishText } from '../emit/format.js';
import type { Printer } from '../emit/printer.js';
import { productFiles, type Output } from '../emit/product-files.js';
import type { RuntimeExports } from '../emit/runtime-exports.js';
import { summarize, type ProductSummary } from '../emit/root-files.js';
import { sha1 } from '../hash.js';
import { collectSpecs, overlaySpecs, type PageEntry } from '../parse/collect.js';
import type { SkippedPage } from '../parse/result.js';
import { serializeSpec } from '../spec/io.js';
import type { ActionSpec } from '../spec/model.js';
import type { Overlay } from '../spec/overlay.js';
import type { ProductEntry } from '../spec/product-table.js';
import type { AliasEntry } from '../spec/aliases.js';

/** A product's entries of the alias file, and the file as messages name it. */
export interface ProductAliases {
  file: string;
  entries: AliasEntry[];
}

/** One parsed page of a product: its path, the SHA-1 of its bytes, what the parser made of it. */
export interface ParsedPage extends PageEntry {
  hash: string;
}

export interface ParsedProduct {
  /** One per action, sorted by action. */
  specs: ActionSpec[];
  diagnostics: Diagnostic[];
  skipped: SkippedPage[];
  /** A key of everything a spec was made from (its page's bytes and its overlay), cheaper than the spec itself. */
  specKey: Map<ActionSpec, string>;
}

/**
 * A product's specs from its parsed pages: one spec per action (the duplicates rule), page diagnostics named under
 * `prefix` (the docs folder), the product's overlays merged (their reading problems given as `overlayProblems`).
 */
export function parseProduct(
  pages: readonly ParsedPage[],
  overlays: readonly Overlay[],
  overlayProblems: readonly Diagnostic[],
  prefix: string,
): ParsedProduct {
  const { specs, diagnostics, skipped, canonical } = collectSpecs(pages, prefix);
  diagnostics.push(...overlayProblems, ...overlaySpecs(specs, overlays));
  const hashOf = new Map(pages.map((p) => [p.rel, p.hash] as const));
  const overlayKey = (s: ActionSpec): string => JSON.stringify(overlays.find((o) => o.action === s.action)?.value ?? null);
  const pageOf = (s: ActionSpec): string => canonical.get(s) ?? s.source;
  const specKey = new Map(specs.map((s) => [s, sha1(`${pageOf(s)}\0${hashOf.get(pageOf(s)) ?? ''}\0${overlayKey(s)}`)] as const));
  return { specs, diagnostics, skipped, specKey };
}

/** A spec file of the spec folder: `<product>/<Action>.yaml`. */
export interface SpecFile {
  rel: string;
  hash: string;
  text: string;
}

/** The spec folder's files of `specs`. */
export function specFiles(specs: readonly ActionSpec[]): SpecFile[] {
  return specs.map((s) => {
    const text = serializeSpec(s);
    return { rel: `${s.product}/${s.action}.yaml`, hash: sha1(text), text };
  });
}

export interface EmitEnv {
  ctx: EmitContext;
  /** Runtime names each product index re-exports. */
  runtime: RuntimeExports;
  printer: Printer;
  /** Key of each file as the last run printed it, with its hash: a file whose key is the same is not printed again. */
  prior?: Record<string, [string, string]>;
  /** A spec's key (parseProduct's); without one, the spec's JSON. */
  specKey?: ReadonlyMap<ActionSpec, string>;
}

export interface EmittedProduct {
  files: [string, Output][];
  /** Key of each file printed or reused (`prior` for the next run). */
  rendered: Record<string, string>;
  summary: ProductSummary;
  /** The emitter's warnings, sorted. */
  warnings: Diagnostic[];
}

/** A product's client files from its specs, with the names the product table gives it and its models' old names. */
export async function emitProduct(id: string, specs: ActionSpec[], names: ProductEntry, env: EmitEnv, aliases?: ProductAliases): Promise<EmittedProduct> {
  const rendered: Record<string, string> = {};
  const warnings: Diagnostic[] = [];
  const ctx: EmitContext = {
    ...env.ctx,
    warnings,
    warn: (file, code, message) => warnings.push({ file, line: 0, col: 0, severity: 'warning', code, message }),
  };
  const product = await productFiles(
    id,
    specs,
    ctx,
    env.runtime,
    async (path, key, print) => {
      rendered[path] = key;
      const prior = env.prior?.[path];
      if (prior !== undefined && prior[0] === key) return { hash: prior[1] };
      const text = await finishText(path, await print());
      return { hash: sha1(text), text };
    },
    { namespace: names.namespace, facade: names.class, ...(aliases !== undefined && aliases.entries.length > 0 ? { aliases } : {}) },
    env.printer,
    (s) => env.specKey?.get(s) ?? JSON.stringify(s),
  );
  return { files: product.files, rendered, summary: summarize(product), warnings: sortDiagnostics(warnings) };
}
