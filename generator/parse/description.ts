/** Description cleanup: `<br>` -> line break, other `<...>` literal, relative doc links made absolute. */
import { rewriteLinks } from './links.js';
import { trimEndMatching } from './clip.js';

const BR = /<br\s*\/?>/gi;
const BLANK = /[\t\u00a0 ]/;
const SCHEME = /^[a-z][a-z0-9+.-]*:/i;

/** Absolute URL for a doc link; anchors and absolute URLs are kept, relative ones resolve against `<base>/docs/`. */
export function absoluteLink(href: string, docsBaseUrl: string): string {
  if (href === '' || href.startsWith('#') || SCHEME.test(href)) return href;
  const base = docsBaseUrl.replace(/\/+$/, '');
  if (href.startsWith('/')) return base + href;
  return `${base}/docs/${href.replace(/^\.\//, '')}`;
}

/** Clean one description cell or paragraph. */
export function cleanDescription(text: string, docsBaseUrl: string): string {
  return rewriteLinks(text.replace(BR, '\n'), (href) => absoluteLink(href, docsBaseUrl))
    .split('\n')
    .map((l) => trimEndMatching(l, BLANK).replace(/^[\t\u00a0 ]+/u, ''))
    .join('\n')
    .trim();
}

/** Default and deprecated hints; allowed values are read by enums.ts. */
export interface Hints {
  default?: string;
  deprecated?: boolean;
}

const TOKEN = '([A-Za-z0-9_.:/+-]+)';
const DEFAULT_PATTERNS = [new RegExp(`默认(?:值)?(?:为|是|:|：)\\s*["“]?${TOKEN}`, 'g'), new RegExp(`\\bDefault(?: value)?(?: is|:)\\s*["“]?${TOKEN}`, 'gi')];
const TRIGGER = /默认|default|废弃|弃用|deprecated/i;
const DEPRECATED = /【(?:已废弃|待废弃|废弃)】|\bdeprecated\b|已废弃|已弃用/i;

/** Hints only where the wording is unambiguous: exactly one default statement; the deprecated marks. */
export function extractHints(description: string): Hints {
  const out: Hints = {};
  if (!TRIGGER.test(description)) return out;
  const defaults = new Set<string>();
  let ambiguous = false;
  for (const re of DEFAULT_PATTERNS)
    for (const m of description.matchAll(re)) {
      const after = description.slice(m.index + m[0].length);
      if (/^\s*(?:或|or\b|\/|、|\|)/iu.test(after)) ambiguous = true;
      defaults.add(m[1]!.replace(/[.。,，]+$/u, ''));
    }
  if (defaults.size === 1 && !ambiguous) out.default = [...defaults][0]!;
  if (DEPRECATED.test(description)) out.deprecated = true;
  return out;
}
