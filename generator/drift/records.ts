/**
 * Drift logs (`SCLOUD_DRIFT_LOG` files, runtime/drift-log.ts) read back: one JSON record per line, from any
 * number of files and machines. A line that is not a record is skipped and reported by file and line, never
 * quoted (a stray line could hold anything).
 */
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { DriftKind } from '../../runtime/response-check.js';

export const DRIFT_KINDS: readonly DriftKind[] = ['type-mismatch', 'required-missing', 'undocumented'];

/** A record as `scloud-gen drift` uses it. */
export interface LoggedRecord {
  time: string;
  action: string;
  product: string | null;
  doc: string | null;
  path: string;
  kind: DriftKind;
  documented: string | null;
  received: string | null;
  requestId: string | null;
  /** Occurrences the line stands for (1 when absent). */
  count: number;
  sdk: string | null;
}

/** A skipped line: where, and why. */
export interface SkippedLine {
  file: string;
  line: number;
  problem: string;
}

export interface ReadLogsResult {
  records: LoggedRecord[];
  /** Which file each record came from (index into the files read). */
  sources: number[];
  skipped: SkippedLine[];
  /** Non-empty lines read, records and skipped ones. */
  lines: number;
}

const ACTION = /^[A-Z][A-Za-z0-9]*$/;
const TYPE = /^(?:string|integer|number|boolean|null|array|object|unknown)$/;

/** Reads every file, line by line (logs from many machines can be large). */
export async function readDriftLogs(files: readonly string[]): Promise<ReadLogsResult> {
  const out: ReadLogsResult = { records: [], sources: [], skipped: [], lines: 0 };
  for (const [index, file] of files.entries()) {
    const lines = createInterface({ input: createReadStream(file, { encoding: 'utf8' }), crlfDelay: Infinity });
    let n = 0;
    for await (const text of lines) {
      n++;
      if (text.trim() === '') continue;
      out.lines++;
      const r = parseRecord(text);
      if (typeof r === 'string') out.skipped.push({ file, line: n, problem: r });
      else {
        out.records.push(r);
        out.sources.push(index);
      }
    }
  }
  return out;
}

/** One line -> a record, or why it is not one. */
export function parseRecord(text: string): LoggedRecord | string {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    return 'not JSON';
  }
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return 'not a JSON object';
  const o = v as Record<string, unknown>;
  if (typeof o.action !== 'string' || !ACTION.test(o.action)) return "no 'action' (an action name)";
  if (typeof o.path !== 'string' || o.path === '' || o.path.length > 1000) return "no 'path'";
  if (typeof o.kind !== 'string' || !(DRIFT_KINDS as readonly string[]).includes(o.kind)) return `'kind' is not one of ${DRIFT_KINDS.join(', ')}`;
  if (typeof o.time !== 'string' || Number.isNaN(Date.parse(o.time))) return "no 'time' (an ISO 8601 time)";
  for (const k of ['documented', 'received'] as const)
    if (o[k] !== undefined && o[k] !== null && (typeof o[k] !== 'string' || !TYPE.test(o[k]))) return `'${k}' is not a JSON type name`;
  const count = o.count === undefined ? 1 : o.count;
  if (typeof count !== 'number' || !Number.isInteger(count) || count < 1) return "'count' is not a whole number of at least 1";
  const text_ = (k: string): string | null => (typeof o[k] === 'string' ? o[k] : null);
  return {
    time: new Date(o.time).toISOString(),
    action: o.action,
    product: text_('product'),
    doc: text_('doc'),
    path: o.path,
    kind: o.kind as DriftKind,
    documented: text_('documented'),
    received: text_('received'),
    requestId: text_('requestId'),
    count,
    sdk: text_('sdk'),
  };
}
