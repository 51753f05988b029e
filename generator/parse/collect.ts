/**
 * From page results to the specs of a docs folder: one spec per (product, action) by the duplicates rule, page
 * diagnostics prefixed with the docs folder, and overlays merged on top.
 */
import { underDocs, type Diagnostic } from '../diagnostics.js';
import { applyOverlay, type Overlay } from '../spec/overlay.js';
import { waiterProblems } from '../spec/waiters.js';
import type { ActionSpec } from '../spec/model.js';
import type { PageResult, SkippedPage } from './result.js';

/** One parsed page: its docs-relative path and what the parser made of it. */
export interface PageEntry {
  rel: string;
  result: PageResult;
}

interface Candidate {
  spec: ActionSpec;
  layout: 'current' | 'older';
  source: string;
  /** The page's own diagnostics (reported only for the canonical page). */
  diagnostics?: Diagnostic[];
}

/**
 * Duplicates rule: when several pages of one product document the same action, the canonical page is the one
 * in the current layout (over the older), then the one whose file name does not end in `_old`, then the
 * lexicographically first path. The others are reported (`duplicate-action`, info) and skipped.
 */
export function pickCanonical<C extends Pick<Candidate, 'layout' | 'source'>>(list: C[]): C {
  const rank = (c: C): [number, number, string] => [c.layout === 'current' ? 0 : 1, /_old\.md$/i.test(c.source) ? 1 : 0, c.source];
  return [...list].sort((a, b) => {
    const [a1, a2, a3] = rank(a);
    const [b1, b2, b3] = rank(b);
    return a1 - b1 || a2 - b2 || (a3 < b3 ? -1 : a3 > b3 ? 1 : 0);
  })[0]!;
}

/** Specs (sorted by product, action), diagnostics (files as `<prefix>/<rel>`) and skipped pages of `entries`. */
export function collectSpecs(
  entries: readonly PageEntry[],
  prefix: string,
): { specs: ActionSpec[]; diagnostics: Diagnostic[]; skipped: SkippedPage[]; canonical: Map<ActionSpec, string> } {
  const diagnostics: Diagnostic[] = [];
  const skipped: SkippedPage[] = [];
  const byAction = new Map<string, Candidate[]>();
  for (const { rel, result: r } of entries) {
    const own = r.diagnostics.map((d) => underDocs(d, prefix));
    if (r.spec) {
      const key = `${r.spec.product}/${r.spec.action}`;
      byAction.set(key, [...(byAction.get(key) ?? []), { spec: r.spec, layout: r.layout ?? 'current', source: rel, diagnostics: own }]);
    } else {
      diagnostics.push(...own);
      skipped.push({ source: rel, reason: r.skipped ?? 'error' });
    }
  }
  const specs: ActionSpec[] = [];
  const canonical = new Map<ActionSpec, string>();
  for (const [key, list] of [...byAction].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const chosen = pickCanonical(list);
    specs.push(chosen.spec);
    canonical.set(chosen.spec, chosen.source);
    diagnostics.push(...(chosen.diagnostics ?? []));
    for (const c of list) {
      if (c === chosen) continue;
      skipped.push({ source: c.source, reason: 'duplicate' });
      const hidden = (c.diagnostics ?? []).filter((d) => d.severity !== 'info').length;
      const note = hidden > 0 ? `; its ${hidden} warning(s) are not reported` : '';
      diagnostics.push({
        file: `${prefix}/${c.source}`,
        line: 1,
        col: 1,
        severity: 'info',
        code: 'duplicate-action',
        message: `${key} is also documented by ${chosen.source} (${chosen.layout} layout), which is used; this page is skipped${note}`,
      });
    }
  }
  skipped.sort((a, b) => (a.source < b.source ? -1 : a.source > b.source ? 1 : 0));
  return { specs, diagnostics, skipped, canonical };
}

/**
 * Merges each overlay into the spec it names (replacing it in `specs`); an overlay for an action the docs do not
 * have is a `stale-overlay` warning. Returns the overlays' diagnostics.
 */
export function overlaySpecs(specs: ActionSpec[], overlays: readonly Overlay[]): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  for (const o of overlays) {
    const i = specs.findIndex((s) => s.product === o.product && s.action === o.action);
    if (i < 0) {
      // An overlay of waiters only is a definition kept for when the action is documented; a correction is stale.
      const waitersOnly = Object.keys(o.value).every((k) => k === 'waiters');
      diagnostics.push(
        waitersOnly
          ? {
              file: o.file,
              line: 1,
              col: 1,
              severity: 'info',
              code: 'unused-waiter',
              message: `no action ${o.product}/${o.action} in these docs; its waiters apply when it is documented`,
            }
          : {
              file: o.file,
              line: 1,
              col: 1,
              severity: 'warning',
              code: 'stale-overlay',
              message: `no action ${o.product}/${o.action} in the docs; remove or rename this overlay`,
            },
      );
      continue;
    }
    const r = applyOverlay(specs[i]!, o);
    specs[i] = r.spec;
    diagnostics.push(...r.diagnostics);
    for (const p of waiterProblems(r.spec))
      diagnostics.push({
        file: o.file,
        ...o.locate(p.path),
        severity: 'warning',
        code: 'invalid-waiter',
        message: p.fatal ? `${p.message}; this waiter is not generated` : p.message,
      });
  }
  return diagnostics;
}
