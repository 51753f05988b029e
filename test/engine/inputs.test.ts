/** changedInputs (engine/inputs.ts): how many pages and overlays were added, changed or removed since the last run. */
import { describe, expect, it } from 'vitest';
import { changedInputs, type InputStat, type Inputs, type Scanned } from '../../generator/engine/inputs.js';

const file = (rel: string, hash: string): Scanned => ({ rel, size: 1, mtimeMs: 1, ino: 1, hash });
const stat = (hash: string): InputStat => [1, 1, 1, hash];

describe('changedInputs', () => {
  const last = { 'a/x.md': stat('1'), 'a/y.md': stat('2'), 'b/z.md': stat('3') };
  const cases: {
    name: string;
    pages: Scanned[];
    known?: Record<string, InputStat>;
    overlays?: Scanned[];
    knownOverlays?: Record<string, InputStat>;
    want: number;
  }[] = [
    { name: 'nothing changed', pages: [file('a/x.md', '1'), file('a/y.md', '2'), file('b/z.md', '3')], want: 0 },
    { name: 'one page changed', pages: [file('a/x.md', '1'), file('a/y.md', '9'), file('b/z.md', '3')], want: 1 },
    { name: 'one page added', pages: [file('a/x.md', '1'), file('a/y.md', '2'), file('a/w.md', '7'), file('b/z.md', '3')], want: 1 },
    { name: 'one page removed', pages: [file('a/x.md', '1'), file('b/z.md', '3')], want: 1 },
    { name: 'one renamed (added and removed), one changed', pages: [file('a/x.md', '5'), file('a/v.md', '2'), file('b/z.md', '3')], want: 3 },
    { name: 'first run: every page is new', pages: [file('a/x.md', '1'), file('a/y.md', '2')], known: {}, want: 2 },
    { name: 'every page gone', pages: [], want: 3 },
    {
      name: 'an overlay changed, another removed',
      pages: [file('a/x.md', '1'), file('a/y.md', '2'), file('b/z.md', '3')],
      overlays: [file('a/o.yaml', 'n')],
      knownOverlays: { 'a/o.yaml': stat('o'), 'b/p.yaml': stat('p') },
      want: 2,
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const known = { pages: c.known ?? last, inputs: c.knownOverlays ?? {} };
      const inputs: Inputs = { walk: { pages: c.pages.map((p) => p.rel), diagnostics: [] }, pages: c.pages, overlays: c.overlays ?? [], runtime: [] };
      expect(changedInputs(inputs, known)).toBe(c.want);
    });
  }
});
