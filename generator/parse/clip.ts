/**
 * Linear-time text helpers. A regex such as `/[:\s]+$/` retries its run at every start and is quadratic on a
 * long run that does not reach the end; the trims here walk back from the end once.
 */

/** `text` without its trailing run of characters that `char` (a one-character class, no `g` flag) matches. */
export function trimEndMatching(text: string, char: RegExp): string {
  let end = text.length;
  while (end > 0 && char.test(text[end - 1]!)) end--;
  return end === text.length ? text : text.slice(0, end);
}

/** Quotable excerpt of page text for a message: at most `max` characters, with the full length when cut. */
export function clip(text: string, max = 80): string {
  return text.length <= max ? text : `${text.slice(0, max)}… (${text.length} characters)`;
}

/** A list for a message: the first `max` items, then how many more. */
export function clipList(items: readonly string[], max = 100): string {
  const shown = items
    .slice(0, max)
    .map((s) => clip(s, 40))
    .join(', ');
  return items.length <= max ? shown : `${shown} and ${items.length - max} more`;
}
