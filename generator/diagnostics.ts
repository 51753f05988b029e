/** Diagnostics: every problem any command reports, printed as `path:line:col severity code message`. */

export type Severity = 'error' | 'warning' | 'info';

export interface Diagnostic {
  /** File the problem is in, relative to the cwd or the docs root, POSIX separators. */
  file: string;
  /** 1-based; 0 when the whole file is meant. */
  line: number;
  col: number;
  severity: Severity;
  /** Stable kebab-case code, e.g. `unknown-type`, `duplicate-param`, `not-an-action`. */
  code: string;
  message: string;
}

export function formatDiagnostic(d: Diagnostic): string {
  return `${d.file}:${d.line}:${d.col} ${d.severity} ${d.code} ${d.message}`;
}

export function diagnosticJson(d: Diagnostic): string {
  return JSON.stringify({ file: d.file, line: d.line, col: d.col, severity: d.severity, code: d.code, message: d.message });
}

/** How diagnostics name a docs folder: POSIX separators, no trailing slash. */
export function docsPrefix(dir: string): string {
  return dir.split('\\').join('/').replace(/\/+$/, '');
}

/** `d`, whose file is docs-relative ('' = the docs folder itself), with its file named under `prefix`. */
export function underDocs(d: Diagnostic, prefix: string): Diagnostic {
  return { ...d, file: d.file === '' ? prefix : `${prefix}/${d.file}` };
}

/** `list` without repeats (same file, place, code and message), first occurrence kept. */
export function dedupe(list: readonly Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return list.filter((d) => {
    const k = `${d.file}\0${d.line}\0${d.col}\0${d.code}\0${d.message}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/** Deterministic order: file, line, col, code. */
export function sortDiagnostics(list: Diagnostic[]): Diagnostic[] {
  return [...list].sort((a, b) => cmp(a.file, b.file) || a.line - b.line || a.col - b.col || cmp(a.code, b.code) || cmp(a.message, b.message));
}

export function countByCode(list: Diagnostic[], severity: Severity): Record<string, number> {
  const out: Record<string, number> = {};
  for (const d of list) if (d.severity === severity) out[d.code] = (out[d.code] ?? 0) + 1;
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => cmp(a, b)));
}

/** Thrown for a problem the user must fix (bad flag, unreadable dir); the CLI prints the message, no stack. */
export class UsageError extends Error {
  readonly exitCode: number;
  constructor(message: string, exitCode = 2) {
    super(message);
    this.name = 'UsageError';
    this.exitCode = exitCode;
  }
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
