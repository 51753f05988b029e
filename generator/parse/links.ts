/**
 * Markdown links `[label](href)` in description text, found in linear time. Same matches as the regex
 * `/\[([^\]]*)\]\(([^)\s]*)\)/g` (label without `]`, href without `)` or whitespace), which is quadratic on
 * lines such as 64k `[` or repeated `[a](`: each start rescans the rest of the line.
 */

/** Replace the href of every link in `text` by `fn(href)`; everything else is kept byte for byte. */
export function rewriteLinks(text: string, fn: (href: string) => string): string {
  let out = '';
  let done = 0;
  let open = false;
  /** A failed href scan stopped here: any scan starting before it stops there too, and fails. */
  let failedAt = -1;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '[') open = true;
    else if (c === ']') {
      if (open && text[i + 1] === '(' && i + 2 > failedAt) {
        const end = hrefEnd(text, i + 2);
        if (text[end] === ')') {
          out += text.slice(done, i + 2) + fn(text.slice(i + 2, end)) + ')';
          done = end + 1;
          i = end;
        } else failedAt = end;
      }
      open = false;
    }
  }
  return done === 0 ? text : out + text.slice(done);
}

/** Index of the first `)` or whitespace at or after `from` (text.length when none). */
function hrefEnd(text: string, from: number): number {
  let j = from;
  while (j < text.length && text[j] !== ')' && !/\s/.test(text[j]!)) j++;
  return j;
}
