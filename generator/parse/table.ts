/** Parameter tables: header roles, cell cleanup (unescapes, `**`, tabs, NBSP), required column. */
import { lookup } from './lookup.js';
import type { Tokens } from 'marked';
import { clip } from './clip.js';

export interface Row {
  name: string;
  type: string;
  description: string;
  required: boolean;
  /** 1-based source line of the row. */
  line: number;
}

export interface TableResult {
  rows: Row[];
  /** Problems found (header not recognised, required cell odd), with their lines. */
  problems: { line: number; code: string; message: string }[];
}

const COLUMNS: Record<string, keyof Omit<Row, 'line'>> = {
  'parameter name': 'name',
  parameter: 'name',
  'field name': 'name',
  name: 'name',
  参数名: 'name',
  字段名: 'name',
  参数名称: 'name',
  名称: 'name',
  type: 'type',
  类型: 'type',
  'description information': 'description',
  description: 'description',
  描述信息: 'description',
  描述: 'description',
  说明: 'description',
  required: 'required',
  必填: 'required',
  是否必填: 'required',
  'is required': 'required',
};

/** One cell's text: `\|`, `\~`, `\_` (any backslash-escaped punctuation) unescaped, tabs/NBSP trimmed. */
export function cleanCell(text: string): string {
  const t = text.includes('\\') ? text.replace(/\\([!-/:-@[-`{-~])/g, '$1') : text;
  // trim() drops exactly the characters of `\s` (NBSP included), in linear time.
  return t.trim();
}

/** A name cell: emphasis and code marks stripped. */
export function cleanName(text: string): string {
  const t = cleanCell(text);
  const bare = t.includes('*') || t.includes('_') || t.includes('`') ? t.replace(/\*\*|__|`/g, '') : t;
  return (bare.length > 1 && bare.startsWith('*') && bare.endsWith('*') && !/[\n\r\u2028\u2029]/.test(bare) ? bare.slice(1, -1) : bare).trim();
}

export function parseRequired(text: string): boolean | undefined {
  const t = cleanName(text).toLowerCase();
  if (t === 'yes' || t === 'true' || t === '是' || t === 'y') return true;
  if (t === 'no' || t === 'false' || t === '否' || t === 'n' || t === '') return false;
  return undefined;
}

function headerIndex(table: Tokens.Table): Partial<Record<keyof Omit<Row, 'line'>, number>> {
  const out: Partial<Record<keyof Omit<Row, 'line'>, number>> = {};
  table.header.forEach((cell, i) => {
    const role = lookup(COLUMNS, cleanName(cell.text).toLowerCase());
    if (role && out[role] === undefined) out[role] = i;
  });
  return out;
}

/** True when the header looks like a parameter table (a name and a type column). */
export function isParamTable(table: Tokens.Table): boolean {
  const idx = headerIndex(table);
  return idx.name !== undefined && idx.type !== undefined;
}

/** Rows of a parameter table; `line` is the table's first line (the header). Header-only = no rows. */
export function readTable(table: Tokens.Table, line: number): TableResult {
  const idx = headerIndex(table);
  const problems: TableResult['problems'] = [];
  const col = { name: idx.name ?? 0, type: idx.type ?? 1, description: idx.description ?? 2, required: idx.required ?? 3 };
  if (idx.name === undefined || idx.type === undefined)
    problems.push({
      line,
      code: 'table-header',
      message: `table header '${clip(table.header.map((c) => c.text).join('|'))}' not recognised; reading columns as name|type|description|required`,
    });
  const rows: Row[] = [];
  table.rows.forEach((cells, i) => {
    const rowLine = line + 2 + i;
    const name = cleanName(cells[col.name]?.text ?? '');
    if (name === '') return;
    const reqCell = cells[col.required]?.text ?? '';
    const required = parseRequired(reqCell);
    if (required === undefined)
      problems.push({
        line: rowLine,
        code: 'bad-required',
        message: `required cell '${clip(cleanCell(reqCell))}' of '${clip(name)}' is not Yes/No; taken as No`,
      });
    rows.push({
      name,
      type: cleanCell(cells[col.type]?.text ?? ''),
      description: cleanCell(cells[col.description]?.text ?? ''),
      required: required ?? false,
      line: rowLine,
    });
  });
  return { rows, problems };
}
