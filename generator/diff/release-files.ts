/**
 * The two files a release edits, changed as little as possible: CHANGELOG.md gets the new section on top
 * (under its `# ` title when it has one), and the package file gets its top-level `"version"` value replaced
 * in place, so every other byte (indentation, key order, trailing newline) stays as it was.
 */

/** `existing` with `section` prepended: after a leading `# ` title line (and the blank lines after it), else first. */
export function prependSection(existing: string | undefined, section: string): string {
  const body = section.endsWith('\n') ? section : `${section}\n`;
  if (existing === undefined || existing.trim() === '') return `# Changelog\n\n${body}`;
  const m = /^# [^\n]*\n(?:[ \t]*\n)*/.exec(existing);
  if (m === null) return `${body}\n${existing}`;
  return `${existing.slice(0, m[0].length).trimEnd()}\n\n${body}\n${existing.slice(m[0].length)}`;
}

/** Where the top-level `"version"` string value sits in a JSON text: [start, end) of the quoted value. */
export function versionValueRange(json: string): [number, number] | undefined {
  let depth = 0;
  let expectKey = false;
  for (let i = 0; i < json.length; i++) {
    const ch = json[i]!;
    if (ch === '"') {
      const end = stringEnd(json, i);
      if (depth === 1 && expectKey && json.slice(i, end) === '"version"') {
        const value = /^\s*:\s*"/.exec(json.slice(end));
        if (value !== null) {
          const start = end + value[0].length - 1;
          return [start, stringEnd(json, start)];
        }
      }
      expectKey = false;
      i = end - 1;
    } else if (ch === '{' || ch === '[') {
      depth++;
      expectKey = ch === '{';
    } else if (ch === '}' || ch === ']') depth--;
    else if (ch === ',') expectKey = depth === 1;
  }
  return undefined;
}

/** Index just past the closing quote of the string starting at `start`. */
function stringEnd(text: string, start: number): number {
  for (let i = start + 1; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === '"') return i + 1;
  }
  return text.length;
}

/** `json` with the top-level "version" set to `version`; undefined when the file has no top-level version string. */
export function setPackageVersion(json: string, version: string): string | undefined {
  const range = versionValueRange(json);
  if (range === undefined) return undefined;
  return `${json.slice(0, range[0])}${JSON.stringify(version)}${json.slice(range[1])}`;
}
