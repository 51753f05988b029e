/**
 * JSDoc text of the emitted code. Everything from the docs goes through `cleanDoc`, which guarantees
 * the text cannot end the comment (`*\/`) or start a tag it did not mean to (`@` at a line start).
 */

/** A doc comment in the shape ts-morph's `docs` structures take. */
export interface DocIR {
  description: string;
  tags: { tagName: string; text: string }[];
}

export interface DocParts {
  title?: string;
  description?: string;
  /** Extra paragraphs after the description (allowed values, documented raw type...). */
  notes?: string[];
  defaultValue?: string;
  /** true, or a reason text. */
  deprecated?: boolean | string;
  see?: string;
  params?: { name: string; text: string }[];
  returns?: string;
}

/** What `clean` rewrites: line breaks, `<br>`, comment markers, `@`, tabs and NBSP (line-end trimming). */
const SPECIAL = /[\r\n<*/@\t\u00a0]/;

/** Cleaned texts by input: descriptions (Region, Zone, Limit...) recur on most pages. */
const cleaned = new Map<string, string>();

/** Make doc text safe inside a block comment and tidy: no HTML line breaks, no trailing spaces, no runs of blank lines. */
export function cleanDoc(text: string): string {
  // One line with nothing to escape or rewrite (most titles and short descriptions): only the trim applies.
  if (!SPECIAL.test(text)) return text.trim();
  let out = cleaned.get(text);
  if (out === undefined) {
    if (cleaned.size >= 50_000) cleaned.clear();
    out = clean(text);
    cleaned.set(text, out);
  }
  return out;
}

function clean(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/\*\//g, '*\\/')
    .replace(/\/\*/g, '/\\*')
    .split('\n')
    .map((l) => l.replace(/[ \t\u00a0]+$/g, '').replace(/^(\s*)@/, '$1\\@'))
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** One-line variant for tag texts. */
function cleanInline(text: string): string {
  return cleanDoc(text).replace(/\s*\n\s*/g, ' ');
}

/** Build the doc comment; empty parts are left out so the output stays small. */
export function buildDoc(parts: DocParts): DocIR {
  const paragraphs: string[] = [];
  const title = cleanDoc(parts.title ?? '');
  const description = cleanDoc(parts.description ?? '');
  if (title !== '') paragraphs.push(title);
  if (description !== '' && description !== title) paragraphs.push(description);
  for (const n of parts.notes ?? []) {
    const c = cleanDoc(n);
    if (c !== '') paragraphs.push(c);
  }
  const tags: DocIR['tags'] = [];
  for (const p of parts.params ?? []) tags.push({ tagName: 'param', text: `${p.name} - ${cleanInline(p.text)}` });
  if (parts.returns !== undefined) tags.push({ tagName: 'returns', text: cleanInline(parts.returns) });
  if (parts.defaultValue !== undefined && parts.defaultValue !== '') {
    tags.push({ tagName: 'defaultValue', text: `\`${cleanInline(parts.defaultValue).replace(/`/g, "'")}\`` });
  }
  if (parts.deprecated !== undefined && parts.deprecated !== false) {
    tags.push({ tagName: 'deprecated', text: parts.deprecated === true ? '' : cleanInline(parts.deprecated) });
  }
  if (parts.see !== undefined && parts.see !== '') tags.push({ tagName: 'see', text: cleanInline(parts.see) });
  return { description: paragraphs.join('\n\n'), tags };
}

/** Render a DocIR as comment text (used by templates and tests; ts-morph renders structures itself). */
export function renderDoc(doc: DocIR, indent = ''): string {
  const lines = doc.description === '' ? [] : doc.description.split('\n');
  for (const t of doc.tags) lines.push(`@${t.tagName}${t.text === '' ? '' : ` ${t.text}`}`);
  if (lines.length === 0) return '';
  if (lines.length === 1) return `${indent}/** ${lines[0]} */`;
  return [`${indent}/**`, ...lines.map((l) => `${indent} *${l === '' ? '' : ` ${l}`}`), `${indent} */`].join('\n');
}
