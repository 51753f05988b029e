/** Corpus suite: parses every page of ../shared/corpus/zh (376 pages, 286 distinct actions) when it exists. */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { countByCode } from '../../generator/diagnostics.js';
import { parseDocs } from '../../generator/engine/library.js';
import { listPages } from '../../generator/parse/docs.js';
import { parseSpecText, serializeSpec } from '../../generator/spec/io.js';

const CORPUS = join(import.meta.dirname, '..', '..', '..', 'shared', 'corpus', 'zh');
const HAVE = existsSync(CORPUS);
if (!HAVE) console.log('skipped: ../shared/corpus not found (corpus suite for parse)');

describe.skipIf(!HAVE)('parse corpus ../shared/corpus/zh', () => {
  it('classifies every page and yields one schema-valid spec per distinct action', async () => {
    const pages = await listPages(CORPUS);
    const r = await parseDocs(CORPUS);
    const accounted = new Set([...r.specs.map((s) => s.source), ...r.skipped.map((s) => s.source)]);
    expect(pages.filter((p) => !accounted.has(p))).toEqual([]);
    expect(r.pages).toBe(376);
    const keys = new Set(r.specs.map((s) => `${s.product}/${s.action}`));
    expect(keys.size).toBe(r.specs.length);
    expect(r.specs.length).toBe(286);
    for (const s of r.specs) {
      const text = serializeSpec(s);
      const back = parseSpecText(text, `${s.product}/${s.action}.yaml`);
      expect(back.diagnostics).toEqual([]);
      expect(serializeSpec(back.spec!)).toBe(text);
      const models = new Set(s.models.map((m) => m.name));
      for (const ref of text.matchAll(/^\s+model: (\S+)$/gm)) expect(models.has(ref[1]!), `${s.source}: model ${ref[1]}`).toBe(true);
    }
    const reasons: Record<string, number> = {};
    for (const s of r.skipped) reasons[s.reason] = (reasons[s.reason] ?? 0) + 1;
    console.log(
      `parse corpus: ${r.pages} pages, ${r.specs.length} actions, skipped ${JSON.stringify(reasons)}, ` +
        `errors ${JSON.stringify(countByCode(r.diagnostics, 'error'))}, warnings ${JSON.stringify(countByCode(r.diagnostics, 'warning'))}`,
    );
  });
});
