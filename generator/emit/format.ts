/**
 * Prettier, last, only for files whose unformatted text is not in the cache. Fixed options (no config
 * file lookup) so output is identical on every machine; `babel-ts` is the faster of prettier's TypeScript parsers.
 * Loaded lazily: a fully cached run never imports prettier.
 */
import type { Options, Plugin } from 'prettier';
import { PRINT_WIDTH, textWidth } from './layout.js';

export const PRETTIER_OPTIONS: Options = {
  printWidth: 120,
  singleQuote: true,
  trailingComma: 'all',
  semi: true,
  tabWidth: 2,
  endOfLine: 'lf',
  proseWrap: 'preserve',
};

interface Prettier {
  format(text: string, options: Options): Promise<string>;
  plugins: Plugin[];
}

let loaded: Promise<Prettier> | undefined;

async function load(): Promise<Prettier> {
  const [standalone, babel, estree, markdown] = await Promise.all([
    import('prettier/standalone'),
    import('prettier/plugins/babel'),
    import('prettier/plugins/estree'),
    import('prettier/plugins/markdown'),
  ]);
  return { format: standalone.format, plugins: [babel, estree as Plugin, markdown] };
}

/** Format TypeScript (`.ts`) or Markdown (`.md`) by the path's extension. */
export async function formatFile(path: string, text: string): Promise<string> {
  loaded ??= load();
  const p = await loaded;
  const parser = path.endsWith('.md') ? 'markdown' : 'babel-ts';
  try {
    return await p.format(text, { ...PRETTIER_OPTIONS, parser, plugins: p.plugins });
  } catch (e) {
    const first = (e as Error).message.split('\n')[0];
    throw new Error(`prettier could not format the emitted ${path} (${first}); the emitter produced invalid code`);
  }
}

/** The text as written: the emitter's own layout, or prettier's when some code line is over the width. */
export async function finishText(path: string, text: string): Promise<string> {
  return overWidth(text) ? formatFile(path, text) : text;
}

/**
 * The emitter lays code out in prettier's style itself (layout.ts); prettier runs only on a file with a
 * code line over the print width, the one case the layout helpers do not cover. Tests check that prettier
 * leaves every emitted file unchanged.
 */
function overWidth(text: string): boolean {
  // A line holding only a string literal (an example's JSON in examples.ts) cannot be broken: prettier leaves it;
  // nor a property with a key under 5 columns and a string value (an allowed value's meaning, layout.ts constRecord).
  const STRING_LINE = /^\s*(?:(?:[^\s:'"]{1,4}|'[^\s:'"]{0,2}'): )?(?:'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*"),?$/;
  for (let start = 0; start < text.length;) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    // Wide characters count two columns, so a line over half the width may be over it.
    if (end - start > PRINT_WIDTH / 2) {
      const line = text.slice(start, end);
      if (!/^\s*(\*|\/\/|\/\*)/.test(line) && textWidth(line) > PRINT_WIDTH && !STRING_LINE.test(line)) return true;
    }
    start = end + 1;
  }
  return false;
}
