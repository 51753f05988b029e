/**
 * Worker thread of parse-ahead.ts: parses the pages it is sent, product by product, posting each product's
 * results (JSON text by result key, what the cache stores) and staying at most `ahead` products ahead of what
 * the emitting thread has taken. It loads the parser only (no emitter, no ts-morph).
 */
import { parentPort } from 'node:worker_threads';
import { parseFile } from '../../parse/docs.js';
import type { ParseOptions } from '../../parse/result.js';
import { resultKey } from '../cache.js';
import type { PageRef } from '../job.js';

export interface ParseInput {
  docsDir: string;
  parse: ParseOptions;
  /** Products in job order, each with the pages to parse. */
  products: { id: string; pages: PageRef[] }[];
  ahead: number;
}

const port = parentPort;
if (port !== null) {
  let taken = 0;
  let wake: (() => void) | undefined;
  const run = async (input: ParseInput): Promise<void> => {
    for (const [i, p] of input.products.entries()) {
      while (i - taken >= input.ahead) await new Promise<void>((resolve) => (wake = resolve));
      const results: Record<string, string> = {};
      await Promise.all(
        p.pages.map(async (page) => {
          results[resultKey(page.rel, page.hash, p.id)] = JSON.stringify(await parseFile(input.docsDir, page.rel, p.id, input.parse));
        }),
      );
      port.postMessage({ parsed: { product: p.id, results } });
    }
  };
  port.on('message', (m: ParseInput | { taken: number }) => {
    if ('taken' in m) {
      taken = m.taken;
      wake?.();
      return;
    }
    run(m).then(
      () => port.postMessage({ done: true }),
      (e: unknown) => port.postMessage({ error: e instanceof Error ? (e.stack ?? e.message) : String(e) }),
    );
  });
}
