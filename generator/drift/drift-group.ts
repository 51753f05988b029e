/** Drift records grouped by (product, action, path, kind): counts, first and last seen, the types received. */
import type { DriftKind } from '../../runtime/response-check.js';
import { DRIFT_KINDS, type LoggedRecord } from './records.js';

export interface DriftGroup {
  product: string | null;
  action: string;
  doc: string | null;
  path: string;
  kind: DriftKind;
  documented: string | null;
  /** Received JSON type -> occurrences, most seen first (empty for required-missing). */
  received: Record<string, number>;
  /** Occurrences (the records' counts summed). */
  count: number;
  firstSeen: string;
  lastSeen: string;
  /** How many of the log files it appears in. */
  logs: number;
  /** The request ids of the first and the last occurrence, for the provider's support. */
  requestIds: string[];
}

/** Groups sorted by product, action, kind (type-mismatch, required-missing, undocumented), path. */
export function groupRecords(records: readonly LoggedRecord[], sources: readonly number[]): DriftGroup[] {
  const groups = new Map<string, DriftGroup & { fileSet: Set<number>; firstId: string | null; lastId: string | null }>();
  records.forEach((r, i) => {
    const key = `${r.product ?? ''}\0${r.action}\0${r.path}\0${r.kind}`;
    let g = groups.get(key);
    if (g === undefined) {
      g = {
        product: r.product,
        action: r.action,
        doc: r.doc,
        path: r.path,
        kind: r.kind,
        documented: r.documented,
        received: {},
        count: 0,
        firstSeen: r.time,
        lastSeen: r.time,
        logs: 0,
        requestIds: [],
        fileSet: new Set(),
        firstId: r.requestId,
        lastId: r.requestId,
      };
      groups.set(key, g);
    }
    g.count += r.count;
    if (r.received !== null) g.received[r.received] = (g.received[r.received] ?? 0) + r.count;
    if (r.time < g.firstSeen) [g.firstSeen, g.firstId] = [r.time, r.requestId];
    if (r.time >= g.lastSeen) [g.lastSeen, g.lastId] = [r.time, r.requestId];
    g.doc ??= r.doc;
    g.documented ??= r.documented;
    g.fileSet.add(sources[i] ?? 0);
  });
  return [...groups.values()]
    .map(({ fileSet, firstId, lastId, ...g }) => ({
      ...g,
      received: Object.fromEntries(Object.entries(g.received).sort(([a, x], [b, y]) => y - x || cmp(a, b))),
      logs: fileSet.size,
      requestIds: [...new Set([firstId, lastId].filter((x): x is string => x !== null))],
    }))
    .sort(
      (a, b) =>
        cmp(a.product ?? '', b.product ?? '') || cmp(a.action, b.action) || DRIFT_KINDS.indexOf(a.kind) - DRIFT_KINDS.indexOf(b.kind) || cmp(a.path, b.path),
    );
}

/** The received type seen most (ties: by name), or null. */
export function mostReceived(g: DriftGroup): string | null {
  return Object.keys(g.received)[0] ?? null;
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
