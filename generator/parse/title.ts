/** Page title `# <title> - <ActionName>`: split on the last hyphen, status tags such as 【已废弃】 extracted. */
import { lookup } from './lookup.js';

export interface Title {
  title: string;
  action?: string;
  status?: string[];
}

const ACTION = /^[A-Z][A-Za-z0-9]*$/;
const KNOWN_TAGS: Record<string, string> = { 已废弃: 'deprecated', 废弃: 'deprecated', 待废弃: 'deprecating', 新: 'new', 新增: 'new' };

/** Strip emphasis markers and surrounding spaces. */
export function stripEmphasis(text: string): string {
  return text
    .replace(/\*\*|__/g, '')
    .replace(/^\*(.*)\*$/s, '$1')
    .trim();
}

/**
 * `text` without its `【…】` tags, each passed to `onTag`. Same matches as `/【([^】]*)】/g`, in linear time
 * (that regex rescans the rest of the line from every `【` when no `】` follows).
 */
function removeTags(text: string, onTag: (tag: string) => void): string {
  let out = '';
  let done = 0;
  for (let open = text.indexOf('【'); open >= 0; open = text.indexOf('【', done)) {
    const close = text.indexOf('】', open + 1);
    if (close < 0) break;
    onTag(text.slice(open + 1, close));
    out += text.slice(done, open);
    done = close + 1;
  }
  return out + text.slice(done);
}

export function parseTitle(heading: string): Title {
  const text = stripEmphasis(heading);
  const status: string[] = [];
  const bare = removeTags(text, (tag) => {
    const t = tag.trim();
    if (t !== '') status.push(lookup(KNOWN_TAGS, t) ?? t);
  }).trim();
  const at = bare.lastIndexOf('-');
  const out: Title = { title: bare };
  if (status.length > 0) out.status = status;
  if (at < 0) return out;
  const action = stripEmphasis(bare.slice(at + 1));
  if (!ACTION.test(action)) return out;
  out.action = action;
  out.title = stripEmphasis(bare.slice(0, at));
  return out;
}
