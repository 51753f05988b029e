/**
 * `lint` = the parser's diagnostics plus checks only a linter needs (broken anchors, missing summary),
 * grouped by page with counts by code. The parser's own codes (example-mismatch, unknown-type, duplicate-param,
 * duplicate-action, action-mismatch, ...) are passed through unchanged.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Diagnostic, Severity } from '../diagnostics.js';
import { countByCode, sortDiagnostics } from '../diagnostics.js';
import { listPages, parseDocs, type ParseOptions } from '../parse/docs.js';
import type { ActionSpec } from '../spec/model.js';
import { brokenAnchors, type Page } from './anchors.js';

export interface PageReport {
  file: string;
  diagnostics: Diagnostic[];
}

export interface LintReport {
  pages: number;
  actions: number;
  /** Only pages with at least one diagnostic, in file order. */
  byPage: PageReport[];
  counts: Record<Severity, Record<string, number>>;
  totals: Record<Severity, number>;
}

export async function lintDocs(docsDir: string, opts: ParseOptions = {}): Promise<LintReport> {
  const parsed = await parseDocs(docsDir, opts);
  const rels = await listPages(docsDir);
  const pages: Page[] = await Promise.all(rels.map(async (rel) => ({ rel, text: await readFile(join(docsDir, rel), 'utf8') })));
  const prefix = docsDir.split('\\').join('/').replace(/\/+$/, '');
  const all = [...parsed.diagnostics, ...lintChecks(pages, parsed.specs, prefix)];
  return buildReport(sortDiagnostics(dedupe(all)), parsed.pages, parsed.specs.length);
}

/** Lint-only checks over raw pages and the parsed specs; files named `<prefix>/<rel>` like the parser's. */
export function lintChecks(pages: readonly Page[], specs: readonly ActionSpec[], prefix: string): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const b of brokenAnchors(pages)) {
    out.push({ file: `${prefix}/${b.rel}`, line: b.line, col: b.col, severity: 'warning', code: 'broken-anchor', message: `link to '${b.target}': ${b.reason}; fix the link or add the heading` });
  }
  const textOf = new Map(pages.map((p) => [p.rel, p.text]));
  for (const s of specs) {
    if (s.summary.trim() !== '') continue;
    const line = overviewLine(textOf.get(s.source) ?? '');
    out.push({ file: `${prefix}/${s.source}`, line, col: line === 0 ? 0 : 1, severity: 'warning', code: 'missing-summary', message: `${s.action} has no overview text; add a sentence under the Overview (简介) heading` });
  }
  return out;
}

function overviewLine(text: string): number {
  const i = text.split('\n').findIndex((l) => /^#{1,6}\s*(overview|简介)\s*$/i.test(l.trim()));
  return i + 1;
}

export function buildReport(diagnostics: Diagnostic[], pages: number, actions: number): LintReport {
  const byFile = new Map<string, Diagnostic[]>();
  for (const d of diagnostics) byFile.set(d.file, [...(byFile.get(d.file) ?? []), d]);
  const severities: Severity[] = ['error', 'warning', 'info'];
  const counts = Object.fromEntries(severities.map((s) => [s, countByCode(diagnostics, s)])) as LintReport['counts'];
  const totals = Object.fromEntries(severities.map((s) => [s, diagnostics.filter((d) => d.severity === s).length])) as LintReport['totals'];
  return { pages, actions, byPage: [...byFile].map(([file, list]) => ({ file, diagnostics: list })), counts, totals };
}

function dedupe(list: Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return list.filter((d) => {
    const k = `${d.file}\0${d.line}\0${d.col}\0${d.code}\0${d.message}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
