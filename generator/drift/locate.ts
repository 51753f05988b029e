/**
 * A drift path (`UHostSet[].DiskSet[].Size`) back to the docs: the table that holds its row (the response table
 * or a page model; the generated shapes inline models, the docs do not), the row, what to change there and,
 * with the docs folder, the row's file:line.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { splitSections } from '../parse/sections.js';
import { isParamTable, readTable, type Row } from '../parse/table.js';
import type { ActionSpec } from '../spec/model.js';
import { responsePlace, type Place } from '../spec/response-path.js';
import type { DriftGroup } from './drift-group.js';
import { mostReceived } from './drift-group.js';

export type { Place, Step } from '../spec/response-path.js';

/** What `scloud-gen drift` says about a group's row. */
export interface RowLocation {
  /** `response table` or `model UHostInstanceSet`. */
  table: string;
  /** The row's name as the table writes it (`Info.Name` for a field of an object documented by dotted rows). */
  row: string;
  /** The doc page, `<docs>/<page>` with --docs, else docs-relative. */
  file: string | undefined;
  /** The row's line (the table's first line for a row to add), with --docs. */
  line: number | undefined;
  /** What to change. */
  fix: string;
}

/** The place of `path` in `spec`, or undefined when the spec does not reach it (another version of the docs). */
export function resolvePlace(spec: ActionSpec, path: string): Place | undefined {
  return responsePlace(spec.response, new Map(spec.models.map((m) => [m.name, m] as const)), path);
}

/** The row name of a place, as the table writes it. */
export function rowName(place: Place): string {
  return place.steps.map((s) => s.name).join('.');
}

/** What to change for a group whose place is known. */
export function fixOf(g: DriftGroup, place: Place): string {
  const row = rowName(place);
  const got = mostReceived(g);
  const others = Object.keys(g.received).slice(1);
  const also = others.length > 0 ? ` (also received: ${others.join(', ')})` : '';
  switch (g.kind) {
    case 'type-mismatch':
      if (got === 'null') return `the API sent null for '${row}'; the spec has no nullable types: say in the description when it is null`;
      return `change the type of '${row}' from ${g.documented ?? 'its documented type'} to ${got ?? 'the type received'}${also}`;
    case 'required-missing':
      return `set Required to No for '${row}' (the API leaves it out)`;
    case 'undocumented':
      return row.endsWith('*')
        ? `the API sends keys that are not names under '${row.slice(0, -2) || '(top level)'}' (a map?): document the field as object`
        : `add a row '${row}' (${got ?? 'unknown'}${also}) to the ${tableName(place)}`;
  }
}

export function tableName(place: Place): string {
  return place.table.kind === 'response' ? 'response table' : `model ${place.table.name}`;
}

/** The row's line in the page (the table's first line for a row to add); undefined when the page or table is not found. */
export async function rowLine(docsDir: string, doc: string, place: Place): Promise<number | undefined> {
  let text: string;
  try {
    text = await readFile(join(docsDir, doc), 'utf8');
  } catch {
    return undefined;
  }
  const page = splitSections(text);
  const { table } = place;
  const sections = page.sections.filter((s) => (table.kind === 'response' ? s.role === 'response' : s.role === 'model' && s.name === table.name));
  const rows: Row[] = [];
  let first: number | undefined;
  for (const s of sections) {
    for (const b of s.blocks) {
      if (b.kind !== 'table' || b.table === undefined || !isParamTable(b.table)) continue;
      first ??= b.line;
      rows.push(...readTable(b.table, b.line).rows);
    }
    first ??= s.line;
  }
  const name = rowName(place);
  const bare = (n: string): string =>
    n
      .split('.')
      .filter((p) => !/^(?:n|\d+)$/i.test(p))
      .join('.');
  const row = rows.find((r) => r.name === name) ?? rows.find((r) => bare(r.name) === name);
  return row?.line ?? first;
}
