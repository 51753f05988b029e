/** What a run prints: diagnostics, what it kept or could not write, and the one summary line it ends with. */
import { formatDiagnostic, type Diagnostic } from '../diagnostics.js';
import type { TreePlan } from '../fs/tree-plan.js';

/** Lines to stderr. */
export function printLines(lines: readonly string[]): void {
  for (const l of lines) process.stderr.write(`${l}\n`);
}

/** Warnings and errors (infos left out) to stderr. */
export function printDiagnostics(list: readonly Diagnostic[]): void {
  let text = '';
  for (const d of list) if (d.severity !== 'info') text += `${formatDiagnostic(d)}\n`;
  if (text !== '') process.stderr.write(text);
}

/** One line per kind of file a tree kept although the generator did not write it (or it was edited), naming them. */
export function keptNotes(plan: Pick<TreePlan, 'label' | 'foreign' | 'modified' | 'blocked'>): string[] {
  const list = (files: readonly string[]): string => {
    const shown = files
      .slice(0, 5)
      .map((f) => `${plan.label}/${f}`)
      .join(', ');
    return files.length > 5 ? `${shown} and ${files.length - 5} more` : shown;
  };
  const notes: string[] = [];
  if (plan.foreign.length > 0) {
    notes.push(
      `${plan.foreign.length} file(s) in ${plan.label} were not written by scloud-gen and are kept: ${list(plan.foreign)}; move them out, or list them in ${plan.label}/.scloud-keep if they belong there`,
    );
  }
  if (plan.modified.length > 0) {
    notes.push(
      `${plan.modified.length} generated file(s) in ${plan.label} are no longer produced but were edited since they were written, so they are kept: ${list(plan.modified)}; delete them if the edits are not needed`,
    );
  }
  if (plan.blocked.length > 0) {
    notes.push(`${plan.blocked.length} file(s) are not written because ${plan.label}/.scloud-keep lists them: ${list(plan.blocked)}`);
  }
  return notes;
}

export interface Summary {
  command: string;
  actions: number;
  written: number;
  unchanged: number;
  removed?: number;
  warnings: number;
  errors?: number;
  started: number;
}

/** `build (376 pages): 286 actions, 12 files written, 400 unchanged, 0 removed, 3 warnings, 0 errors, 0.41 s` */
export function summaryLine(s: Summary): string {
  const secs = ((performance.now() - s.started) / 1000).toFixed(2);
  const removed = s.removed !== undefined ? `, ${s.removed} removed` : '';
  const errors = s.errors !== undefined ? `, ${s.errors} errors` : '';
  return `${s.command}: ${s.actions} actions, ${s.written} files written, ${s.unchanged} unchanged${removed}, ${s.warnings} warnings${errors}, ${secs} s\n`;
}

export function count(list: readonly Diagnostic[], severity: Diagnostic['severity']): number {
  let n = 0;
  for (const d of list) if (d.severity === severity) n++;
  return n;
}
