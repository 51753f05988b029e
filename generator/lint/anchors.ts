/**
 * Link anchors: which `#anchor`s a page defines (headings, `<a name>`/`id=`) and which links point at
 * anchors that do not exist, on the same page or on another page of the same docs dir.
 */
import { posix } from 'node:path';

export interface Page {
  /** Docs-relative POSIX path: `ulb-api/add_targets.md`. */
  rel: string;
  text: string;
}

export interface BrokenLink {
  rel: string;
  line: number;
  col: number;
  target: string;
  /** Why: `no heading '#TargetSet' on this page`, `no heading '#x' in ulb-api/y.md`. */
  reason: string;
}

const HEADING = /^ {0,3}#{1,6}\s+(.*?)\s*#*\s*$/;
const HTML_ANCHOR = /<a\s[^>]*(?:name|id)\s*=\s*["']([^"']+)["']/gi;
const LINK = /\]\(\s*<?([^)\s>]*#[^)\s>]*)>?(?:\s+"[^"]*")?\s*\)/g;
const FENCE = /^ {0,3}(```|~~~)/;

/** Every anchor a link may use for this page: heading text as written, its GitHub-style slug, HTML anchors. Lowercased. */
export function pageAnchors(text: string): Set<string> {
  const out = new Set<string>();
  let inFence = false;
  for (const line of text.split('\n')) {
    if (FENCE.test(line)) inFence = !inFence;
    if (inFence) continue;
    const h = HEADING.exec(line);
    if (h !== null) {
      const plain = stripInline(h[1]!);
      out.add(plain.toLowerCase());
      out.add(slug(plain));
      out.add(plain.replace(/\s+/g, '').toLowerCase());
    }
    for (const m of line.matchAll(HTML_ANCHOR)) out.add(m[1]!.toLowerCase());
  }
  return out;
}

/** GitHub-style slug: lowercase, punctuation dropped (letters of any script kept), spaces to `-`. */
export function slug(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .trim()
    .replace(/\s/g, '-');
}

function stripInline(s: string): string {
  return s
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/[*_`]/g, '')
    .trim();
}

/** Links with a fragment, outside code fences: `[x](#Model)`, `[x](other_page#Anchor)`, `[x](api/ulb-api/page.md#a)`. */
export function fragmentLinks(text: string): { line: number; col: number; target: string }[] {
  const out: { line: number; col: number; target: string }[] = [];
  let inFence = false;
  text.split('\n').forEach((line, i) => {
    if (FENCE.test(line)) inFence = !inFence;
    if (inFence) return;
    for (const m of line.matchAll(LINK)) out.push({ line: i + 1, col: (m.index ?? 0) + 1, target: m[1]! });
  });
  return out;
}

/**
 * Links whose anchor is missing. A link to another page is checked only when that page is in `pages`
 * (docs outside this dir cannot be judged); external URLs are never checked.
 */
export function brokenAnchors(pages: readonly Page[]): BrokenLink[] {
  const anchors = new Map<string, Set<string>>();
  const anchorsOf = (p: Page): Set<string> => {
    let set = anchors.get(p.rel);
    if (set === undefined) anchors.set(p.rel, (set = pageAnchors(p.text)));
    return set;
  };
  const byKey = new Map<string, Page>();
  for (const p of pages) byKey.set(pageKey(p.rel), p);
  const out: BrokenLink[] = [];
  for (const page of pages) {
    for (const link of fragmentLinks(page.text)) {
      const hash = link.target.indexOf('#');
      const path = link.target.slice(0, hash);
      const anchor = decode(link.target.slice(hash + 1));
      if (anchor === '' || /^[a-z][a-z0-9+.-]*:/i.test(path)) continue;
      const target = path === '' ? page : byKey.get(resolveKey(page.rel, path));
      if (target === undefined) continue;
      if (anchorsOf(target).has(anchor.toLowerCase())) continue;
      const where = target === page ? 'on this page' : `in ${target.rel}`;
      out.push({ ...link, rel: page.rel, reason: `no heading or anchor '#${anchor}' ${where}` });
    }
  }
  return out;
}

/** `ulb-api/add_targets.md` and `ulb/add_targets` both key as `ulb/add_targets`. */
function pageKey(rel: string): string {
  const [folder = '', ...rest] = rel.replace(/\.md$/i, '').split('/');
  return [folder.replace(/-api$/, ''), ...rest].join('/').toLowerCase();
}

/** Doc links look like `api/ulb-api/page`, `/docs/api/ulb-api/page.md`, `page.md` or `../ulb-api/page`. */
function resolveKey(fromRel: string, path: string): string {
  const api = /(?:^|\/)api\/([^/]+\/[^/]+)$/.exec(path.replace(/\.md$/i, ''));
  if (api !== null) return pageKey(api[1]!);
  return pageKey(posix.normalize(posix.join(posix.dirname(fromRel), path)));
}

function decode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
