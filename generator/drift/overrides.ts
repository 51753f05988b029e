/**
 * `scloud-gen drift --write-overrides <dir>`: overlay stubs (`<dir>/<product>/<Action>.yaml`, generator/spec/overlay.ts)
 * that would make the spec match what the API sent, each change under a comment saying what was seen, for a
 * person to review. An existing overlay is merged into (its comments and layout kept) when no entry it has says
 * otherwise; else the file is left as it is and the conflict reported. Files are written whole (temp + rename);
 * nothing is ever deleted.
 */
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Document, Node as YamlNode, YAMLMap, YAMLSeq } from 'yaml';
import type { ActionSpec, TypeNode } from '../spec/model.js';
import { applyOverlay } from '../spec/overlay.js';
import { yamlLib } from '../spec/yaml-lib.js';
import { mostReceived, type DriftGroup } from './drift-group.js';
import type { Place } from './locate.js';

type Obj = Record<string, unknown>;

/** What happened to one overlay file. */
export interface OverrideFile {
  file: string;
  product: string;
  action: string;
  status: 'written' | 'merged' | 'unchanged' | 'refused';
  /** Changes the stub makes (paths), or why the file was refused. */
  changes: string[];
  reason?: string;
}

/** A group with its place in the spec (only those can become overlay entries). */
export interface PlacedGroup {
  group: DriftGroup;
  place: Place;
  spec: ActionSpec;
}

/** One overlay entry: the field patch and the comment that goes above it. */
interface Entry {
  value: Obj;
  comment: string;
}

const SCALARS = new Set(['string', 'integer', 'number', 'boolean']);

/** Writes (or merges) one stub per action; groups that no overlay can express are left out (their fix says why). */
export async function writeOverrides(dir: string, placed: readonly PlacedGroup[]): Promise<OverrideFile[]> {
  const byAction = new Map<string, PlacedGroup[]>();
  for (const p of placed) {
    if (changeOf(p) === undefined) continue;
    const key = `${p.spec.product}/${p.spec.action}`;
    byAction.set(key, [...(byAction.get(key) ?? []), p]);
  }
  const out: OverrideFile[] = [];
  for (const [key, groups] of [...byAction].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const spec = groups[0]!.spec;
    const file = join(dir, `${key}.yaml`);
    out.push(await writeOne(file, spec, groups));
  }
  return out;
}

async function writeOne(file: string, spec: ActionSpec, groups: readonly PlacedGroup[]): Promise<OverrideFile> {
  const base = { file, product: spec.product, action: spec.action, changes: groups.map((g) => `${g.group.path} (${g.group.kind})`) };
  const Y = yamlLib();
  const exists = existsSync(file);
  const doc: Document = exists ? Y.parseDocument(await readFile(file, 'utf8')) : new Y.Document({});
  if (exists && doc.errors.length > 0) {
    const at = doc.errors[0]!.linePos?.[0];
    return { ...base, status: 'refused', reason: `${file}${at === undefined ? '' : `:${at.line}`} is not valid YAML; fix it or move it aside, then run again` };
  }
  if (!Y.isMap(doc.contents))
    return { ...base, status: 'refused', reason: `${file} is not a YAML mapping (an overlay is a partial spec); fix it or move it aside, then run again` };
  if (!exists) {
    doc.commentBefore =
      ` Overlay stub written by \`scloud-gen drift\` for ${spec.product}/${spec.action} (${spec.source}): what the API sent,\n` +
      ' as spec changes. Review each entry against the docs before committing; fix the doc page and delete the entry\n when the docs are right.';
  }
  const conflicts: string[] = [];
  let changed = false;
  for (const p of groups) {
    const entry = changeOf(p)!;
    const [list, item] = p.place.table.kind === 'response' ? ['response', entry.value] : ['models', { name: p.place.table.name, fields: [entry.value] }];
    const r = mergeInto(doc, doc.contents, list, [item], entry.comment, `${list}`);
    conflicts.push(...r.conflicts);
    changed ||= r.changed;
  }
  if (conflicts.length > 0) {
    return { ...base, status: 'refused', reason: `${file} already says otherwise: ${conflicts.join('; ')}; edit it by hand (left unchanged)` };
  }
  if (!changed) return { ...base, status: 'unchanged' };
  const problems = applyOverlay(spec, {
    file,
    product: spec.product,
    action: spec.action,
    value: doc.toJS() as Obj,
    locate: () => ({ line: 1, col: 1 }),
  }).diagnostics;
  const invalid = problems.find((d) => d.severity === 'error');
  if (invalid !== undefined) return { ...base, status: 'refused', reason: `the merged overlay would not apply (${invalid.message}); left unchanged` };
  const tmp = `${file}.scloud-drift-${process.pid}.tmp`;
  try {
    await mkdir(dirname(file), { recursive: true });
    await writeFile(tmp, doc.toString({ lineWidth: 0 }));
    await rename(tmp, file);
  } catch (error) {
    await rm(tmp, { force: true });
    const code = (error as NodeJS.ErrnoException).code ?? 'write failed';
    return { ...base, status: 'refused', reason: `${file} cannot be written (${code}); check the folder's permissions` };
  }
  return { ...base, status: exists ? 'merged' : 'written' };
}

/** The overlay entry of a group (nested from its table's row down to the field), or undefined when none can express it. */
export function changeOf({ group: g, place }: PlacedGroup): Entry | undefined {
  const last = place.steps[place.steps.length - 1]!;
  const got = mostReceived(g);
  let leaf: Obj;
  if (g.kind === 'required-missing') {
    if (last.field === undefined) return undefined;
    leaf = { required: false };
  } else if (g.kind === 'undocumented') {
    if (last.field !== undefined || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(last.name) || got === null || got === 'null') return undefined;
    leaf = { ...typeChange(undefined, got), required: false, description: 'Undocumented: sent by the API (scloud-gen drift); describe it.' };
  } else {
    if (last.field === undefined || got === null || got === 'null') return undefined;
    let node: TypeNode = last.field;
    for (let i = 0; i < last.arrays && node.items !== undefined; i++) node = node.items;
    leaf = typeChange(node, got);
    for (let i = 0; i < last.arrays; i++) leaf = { items: leaf };
    for (const k of ['enum', 'enumMeanings'] as const) if (last.field[k] !== undefined) leaf[k] = null; // values of the old type
  }
  let value: Obj = { name: last.name, ...leaf };
  for (let i = place.steps.length - 2; i >= 0; i--) {
    const s = place.steps[i]!;
    let inner: Obj = { fields: [value] };
    for (let k = 0; k < s.arrays; k++) inner = { items: inner };
    value = { name: s.name, ...inner };
  }
  const [firstDay, lastDay] = [g.firstSeen.slice(0, 10), g.lastSeen.slice(0, 10)];
  const seen = `${g.count} time${g.count === 1 ? '' : 's'}, ${firstDay}${firstDay === lastDay ? '' : ` .. ${lastDay}`}`;
  const what =
    g.kind === 'type-mismatch'
      ? `documented ${g.documented ?? '?'}, received ${Object.entries(g.received)
          .map(([t, n]) => `${t} (${n})`)
          .join(', ')}`
      : g.kind === 'required-missing'
        ? 'documented as required, missing'
        : `undocumented, received ${got}`;
  return { value, comment: ` ${g.path}: ${what}; ${seen}` };
}

/** The keys that make `node` of type `got` (a JSON type name), clearing what the old type had. */
function typeChange(node: TypeNode | undefined, got: string): Obj {
  const change: Obj = SCALARS.has(got) ? { type: got } : got === 'array' ? { type: 'array', items: { type: 'unknown' } } : { type: 'object' };
  for (const k of ['items', 'fields', 'model', 'raw'] as const) if (node?.[k] !== undefined && change[k] === undefined) change[k] = null;
  return change;
}

/**
 * Merges `items` (entries with a `name`) into the list `key` of `map`: new entries are added under `comment`;
 * an entry of the same name gets the keys it lacks; a key it sets to something else is a conflict.
 */
function mergeInto(doc: Document, map: YAMLMap, key: string, items: readonly Obj[], comment: string, where: string): { changed: boolean; conflicts: string[] } {
  const Y = yamlLib();
  const conflicts: string[] = [];
  let changed = false;
  let seq = map.get(key, true) as YamlNode | undefined;
  if (seq === undefined || (Y.isScalar(seq) && seq.value === null)) {
    seq = doc.createNode([]) as YAMLSeq;
    map.set(key, seq);
  }
  if (!Y.isSeq(seq)) return { changed, conflicts: [`'${where}' is not a list`] };
  for (const item of items) {
    const existing = seq.items.find((n): n is YAMLMap => Y.isMap(n) && n.get('name') === item.name);
    if (existing === undefined) {
      const node = doc.createNode(item) as YamlNode;
      node.commentBefore = comment;
      seq.items.push(node);
      changed = true;
      continue;
    }
    const r = mergeEntry(doc, existing, item, comment, `${where}.${String(item.name)}`);
    conflicts.push(...r.conflicts);
    changed ||= r.changed;
  }
  return { changed, conflicts };
}

function mergeEntry(doc: Document, map: YAMLMap, patch: Obj, comment: string, where: string): { changed: boolean; conflicts: string[] } {
  const Y = yamlLib();
  const conflicts: string[] = [];
  let changed = false;
  for (const [k, v] of Object.entries(patch)) {
    if (k === 'name') continue;
    const current = map.get(k, true) as YamlNode | undefined;
    if (current === undefined) {
      const node = doc.createNode(v) as YamlNode;
      node.commentBefore = comment;
      map.set(k, node);
      changed = true;
    } else if (k === 'fields' && Array.isArray(v)) {
      const r = mergeInto(doc, map, k, v as Obj[], comment, where);
      conflicts.push(...r.conflicts);
      changed ||= r.changed;
    } else if (k === 'items' && Y.isMap(current) && v !== null && typeof v === 'object') {
      const r = mergeEntry(doc, current, v as Obj, comment, `${where}.items`);
      conflicts.push(...r.conflicts);
      changed ||= r.changed;
    } else if (JSON.stringify(current.toJSON()) !== JSON.stringify(v)) {
      conflicts.push(`${where}.${k} is ${JSON.stringify(current.toJSON())}, the drift says ${JSON.stringify(v)}`);
    }
  }
  return { changed, conflicts };
}
