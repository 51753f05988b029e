// One part of a cold build, alone in a fresh process (bench/floor.ts runs it): `lex <docs>` (marked's block lexer
// over every page), `write <tree> <dest>` (the tree's files written again), `parse <docs>` (parsePage, five passes).
// Inputs are read before the clock starts. Prints one JSON line: the wall and CPU milliseconds of each pass.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const [mode, src, dest] = process.argv.slice(2);
const files = [];
const walk = (dir) => {
  for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const p = join(dir, e.name);
    if (e.isDirectory()) walk(p);
    else if (mode === 'write' || p.endsWith('.md')) files.push(p);
  }
};
walk(src);
const texts = files.map((f) => readFileSync(f, 'utf8'));

function timed(body) {
  const c = process.cpuUsage();
  const t = performance.now();
  body();
  const u = process.cpuUsage(c);
  return { wall: performance.now() - t, cpu: (u.user + u.system) / 1000 };
}

const passes = [];
if (mode === 'lex') {
  const { Lexer } = await import('marked');
  passes.push(timed(() => texts.forEach((t) => new Lexer({ gfm: true }).blockTokens(t, []))));
} else if (mode === 'write') {
  passes.push(
    timed(() =>
      files.forEach((f, i) => {
        const out = join(dest, relative(src, f));
        mkdirSync(join(out, '..'), { recursive: true });
        writeFileSync(out, texts[i]);
      }),
    ),
  );
} else if (mode === 'parse') {
  const { tuneV8 } = await import('../generator/dist/generator/v8-tuning.js');
  tuneV8();
  const { parsePage, productOf } = await import('../generator/dist/generator/parse/docs.js');
  const pages = files.map((f, i) => {
    const rel = relative(src, f);
    return { rel, text: texts[i], product: productOf(rel.split('/')[0]) };
  });
  for (let r = 0; r < 5; r++) passes.push(timed(() => pages.forEach((p) => parsePage(p.text, p.rel, p.product))));
} else {
  console.error(`floor-probe: unknown mode '${mode}': use lex, write or parse`);
  process.exit(2);
}
console.log(JSON.stringify({ files: files.length, passes }));
