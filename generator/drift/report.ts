/**
 * `scloud-gen drift` as a library: drift logs -> groups, each with the doc page and table row to fix (file:line
 * with the docs folder), and optionally overlay stubs; rendered as text or JSON.
 */
import type { ActionSpec } from '../spec/model.js';
import { groupRecords, type DriftGroup } from './drift-group.js';
import { fixOf, resolvePlace, rowLine, rowName, tableName, type RowLocation } from './locate.js';
import { writeOverrides, type OverrideFile, type PlacedGroup } from './overrides.js';
import { DRIFT_KINDS, readDriftLogs, type SkippedLine } from './records.js';

export interface DriftOptions {
  /** The spec the client was generated from: names the table and row of each path. */
  specs?: readonly ActionSpec[];
  /** The docs folder: adds file:line of each row. */
  docsDir?: string;
  /** Where overlay stubs go (`<dir>/<product>/<Action>.yaml`). */
  overridesDir?: string;
}

export interface LocatedGroup extends DriftGroup {
  /** Absent when the spec does not know the action or does not reach the path. */
  location?: RowLocation;
}

export interface DriftReport {
  files: string[];
  /** Non-empty lines read; records among them; occurrences they stand for. */
  lines: number;
  records: number;
  occurrences: number;
  skipped: SkippedLine[];
  groups: LocatedGroup[];
  overrides?: OverrideFile[];
  /** Why some rows are not located (no spec, unknown actions). */
  notes: string[];
}

export async function driftReport(files: readonly string[], options: DriftOptions = {}): Promise<DriftReport> {
  const read = await readDriftLogs(files);
  const groups = groupRecords(read.records, read.sources);
  const specs = specIndex(options.specs ?? []);
  const placed: PlacedGroup[] = [];
  const located: LocatedGroup[] = [];
  const unknown = new Set<string>();
  for (const g of groups) {
    const spec = specs.get(`${g.product ?? ''}/${g.action}`) ?? specs.get(`/${g.action}`);
    const place = spec === undefined ? undefined : resolvePlace(spec, g.path);
    if (spec === undefined) unknown.add(`${g.product ?? '?'}/${g.action}`);
    if (spec === undefined || place === undefined) {
      located.push(g);
      continue;
    }
    placed.push({ group: g, place, spec });
    const doc = g.doc ?? spec.source;
    const line = options.docsDir === undefined ? undefined : await rowLine(options.docsDir, doc, place);
    const file = options.docsDir === undefined ? doc : `${options.docsDir.replace(/\/+$/, '')}/${doc}`;
    located.push({ ...g, location: { table: tableName(place), row: rowName(place), file, line, fix: fixOf(g, place) } });
  }
  const notes: string[] = [];
  if (options.specs === undefined) notes.push('no spec read: rows are not named (pass --spec <dir>, the spec the client was generated from)');
  else if (unknown.size > 0) notes.push(`not in the spec: ${[...unknown].sort().join(', ')} (a client generated from other docs? pass its --spec)`);
  const report: DriftReport = {
    files: [...files],
    lines: read.lines,
    records: read.records.length,
    occurrences: read.records.reduce((n, r) => n + r.count, 0),
    skipped: read.skipped,
    groups: located,
    notes,
  };
  if (options.overridesDir !== undefined) report.overrides = await writeOverrides(options.overridesDir, placed);
  return report;
}

/** Specs by `product/action`, and by `/action` when one product documents it (records of older clients have no product). */
function specIndex(specs: readonly ActionSpec[]): Map<string, ActionSpec> {
  const out = new Map<string, ActionSpec>();
  const byAction = new Map<string, ActionSpec[]>();
  for (const s of specs) {
    out.set(`${s.product}/${s.action}`, s);
    byAction.set(s.action, [...(byAction.get(s.action) ?? []), s]);
  }
  for (const [action, list] of byAction) if (list.length === 1) out.set(`/${action}`, list[0]!);
  return out;
}

/** The text report: one block per action, one line per group and one for where to fix it, then the summary. */
export function renderDriftText(r: DriftReport): string {
  const lines: string[] = [];
  for (const s of r.skipped) lines.push(`${s.file}:${s.line}: skipped: ${s.problem}`);
  if (r.skipped.length > 0) lines.push('');
  let current = '';
  const width = Math.min(48, Math.max(0, ...r.groups.map((g) => g.path.length)));
  for (const g of r.groups) {
    const head = `${g.product ?? '?'}/${g.action}`;
    if (head !== current) {
      if (current !== '') lines.push('');
      lines.push(`${head}${g.doc === null ? '' : ` (${g.doc})`}`);
      current = head;
    }
    const seen = `${g.count}x, ${when(g.firstSeen)}${when(g.firstSeen) === when(g.lastSeen) ? '' : ` .. ${when(g.lastSeen)}`}${g.logs > 1 ? `, ${g.logs} files` : ''}`;
    lines.push(`  ${g.kind.padEnd(16)} ${g.path.padEnd(width)}  ${what(g)}  (${seen})`);
    const loc = g.location;
    if (loc === undefined) lines.push('    row not located in the spec');
    else lines.push(`    ${loc.file ?? ''}${loc.line === undefined ? '' : `:${loc.line}`} ${loc.table}, row '${loc.row}': ${loc.fix}`);
  }
  if (r.groups.length > 0) lines.push('');
  for (const o of r.overrides ?? []) {
    lines.push(
      o.status === 'refused'
        ? `overrides: refused ${o.file}: ${o.reason ?? ''}`
        : `overrides: ${o.status} ${o.file} (${o.changes.length} change${o.changes.length === 1 ? '' : 's'}: ${o.changes.join(', ')})`,
    );
  }
  for (const n of r.notes) lines.push(`note: ${n}`);
  const byKind = DRIFT_KINDS.map((k) => [k, r.groups.filter((g) => g.kind === k).length] as const)
    .filter(([, n]) => n > 0)
    .map(([k, n]) => `${n} ${k}`);
  const actions = new Set(r.groups.map((g) => `${g.product ?? ''}/${g.action}`)).size;
  lines.push(
    `${r.groups.length} finding${r.groups.length === 1 ? '' : 's'}${byKind.length > 0 ? ` (${byKind.join(', ')})` : ''} in ${actions} action${actions === 1 ? '' : 's'}, ` +
      `from ${r.records} record${r.records === 1 ? '' : 's'} (${r.occurrences} occurrences) in ${r.files.length} file${r.files.length === 1 ? '' : 's'}` +
      `${r.skipped.length > 0 ? `; ${r.skipped.length} line${r.skipped.length === 1 ? '' : 's'} skipped` : ''}`,
  );
  return `${lines.join('\n')}\n`;
}

export function renderDriftJson(r: DriftReport): string {
  return `${JSON.stringify(r, null, 2)}\n`;
}

function what(g: DriftGroup): string {
  const received = Object.entries(g.received)
    .map(([t, n]) => (Object.keys(g.received).length > 1 ? `${t} (${n})` : t))
    .join(', ');
  if (g.kind === 'required-missing') return `required, missing (documented ${g.documented ?? '?'})`;
  if (g.kind === 'undocumented') return `undocumented, received ${received}`;
  return `documented ${g.documented ?? '?'}, received ${received}`;
}

/** `2026-12-03 10:45:00Z`. */
function when(iso: string): string {
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)}Z`;
}
