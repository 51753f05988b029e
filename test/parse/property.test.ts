import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parsePage } from '../../generator/parse/docs.js';
import { validateSpec } from '../../generator/spec/schema.js';

const SEED = readFileSync(join(import.meta.dirname, '..', 'golden', 'seeds', 'docs', 'uhost-api', 'create_custom_image.md'), 'utf8');
const ZH = readFileSync(join(import.meta.dirname, '..', 'golden', 'zh', 'docs', 'uhost-api', 'describe_widget.md'), 'utf8');
const PIECES = [
  '#',
  '## ',
  '### 请求参数',
  '#### M',
  '|',
  '\\|',
  '**',
  '`',
  '```',
  '\n',
  '-',
  ' - Act',
  '[*M*](#M)',
  'array[',
  ']',
  '.N',
  '.',
  '<br>',
  '【新】',
  '？',
  '＝',
  '&',
  '{',
  '}',
  ',',
  '暂无',
  '\t',
  '\u00a0',
  'constructor',
  '__proto__',
  'toString',
];

function check(text: string): void {
  const r = parsePage(text, 'p-api/page.md', 'p');
  expect(Array.isArray(r.diagnostics)).toBe(true);
  if (r.spec) expect(validateSpec(r.spec)).toEqual([]);
  else expect(r.diagnostics.length).toBeGreaterThan(0);
}

describe('parsePage never throws', () => {
  it('on random text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 400 }), (s) => check(s)),
      { numRuns: 300 },
    );
  });
  it('on random Markdown-ish pieces', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...PIECES), { maxLength: 80 }), (parts) => check(parts.join(''))),
      { numRuns: 300 },
    );
  });
  it.each([
    ['seed', SEED],
    ['zh', ZH],
  ])('on mutated %s pages (deleted, duplicated, inserted slices)', (_n, page) => {
    const mutation = fc.record({ at: fc.nat(page.length), len: fc.nat(80), insert: fc.constantFrom(...PIECES, ''), dup: fc.boolean() });
    fc.assert(
      fc.property(fc.array(mutation, { minLength: 1, maxLength: 6 }), (ms) => {
        let text = page;
        for (const m of ms) {
          const at = Math.min(m.at, text.length);
          const slice = text.slice(at, at + m.len);
          text = text.slice(0, at) + m.insert + (m.dup ? slice + slice : '') + text.slice(at + m.len);
        }
        check(text);
      }),
      { numRuns: 200 },
    );
  });
});
