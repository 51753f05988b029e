/**
 * Version arithmetic for the release flow. The bump follows the diff's verdict: **major** when a change
 * breaks code using the client, **minor** for any other API change, **patch** when nothing in the API
 * changed; before 1.0 everything shifts one place down (breaking -> minor, anything else -> patch).
 * Versions are `MAJOR.MINOR.PATCH`, with an optional `-prerelease` and `+build` (dropped). A prerelease is
 * released by the bump the way `npm version` does: `1.3.0-rc.1` + minor = `1.3.0` (the prerelease already
 * stood for that minor), + major = `2.0.0`; + patch = `1.3.0`.
 */

export type Bump = 'major' | 'minor' | 'patch';

export interface Version {
  major: number;
  minor: number;
  patch: number;
  /** `rc.1` of `1.3.0-rc.1`; absent for a release. */
  prerelease?: string;
}

const SEMVER = /^v?(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-([0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?(?:\+[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?$/;

/** Parse `1.2.3`, `v1.2.3`, `1.2.3-rc.1+build.5`; undefined when it is not a semantic version. */
export function parseVersion(text: string): Version | undefined {
  const m = SEMVER.exec(text.trim());
  if (m === null) return undefined;
  const v: Version = { major: Number(m[1]), minor: Number(m[2]), patch: Number(m[3]) };
  if (m[4] !== undefined) v.prerelease = m[4];
  return v;
}

/** `1.2.3` or `1.2.3-rc.1` (no `v`, no build metadata). */
export function formatVersion(v: Version): string {
  return `${v.major}.${v.minor}.${v.patch}${v.prerelease === undefined ? '' : `-${v.prerelease}`}`;
}

/** The bump a set of changes calls for, given the current version (0.x shifts it down). */
export function bumpFor(current: Version, changes: { total: number; breaking: number }): Bump {
  const level: Bump = changes.breaking > 0 ? 'major' : changes.total > 0 ? 'minor' : 'patch';
  if (current.major > 0) return level;
  return level === 'major' ? 'minor' : 'patch';
}

/** The next version after `current` for `bump`. */
export function nextVersion(current: Version, bump: Bump): Version {
  const { major, minor, patch } = current;
  if (current.prerelease !== undefined) {
    if (bump === 'major') return minor === 0 && patch === 0 ? { major, minor: 0, patch: 0 } : { major: major + 1, minor: 0, patch: 0 };
    if (bump === 'minor') return patch === 0 ? { major, minor, patch: 0 } : { major, minor: minor + 1, patch: 0 };
    return { major, minor, patch };
  }
  if (bump === 'major') return { major: major + 1, minor: 0, patch: 0 };
  if (bump === 'minor') return { major, minor: minor + 1, patch: 0 };
  return { major, minor, patch: patch + 1 };
}

/** Semantic-version order (a prerelease sorts before its release; prerelease ids compared per semver 2.0). */
export function compareVersions(a: Version, b: Version): number {
  const core = a.major - b.major || a.minor - b.minor || a.patch - b.patch;
  if (core !== 0) return core;
  if (a.prerelease === b.prerelease) return 0;
  if (a.prerelease === undefined) return 1;
  if (b.prerelease === undefined) return -1;
  const [x, y] = [a.prerelease.split('.'), b.prerelease.split('.')];
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    const [p, q] = [x[i], y[i]];
    if (p === undefined) return -1;
    if (q === undefined) return 1;
    const [np, nq] = [/^\d+$/.test(p), /^\d+$/.test(q)];
    const d = np && nq ? Number(p) - Number(q) : np ? -1 : nq ? 1 : p < q ? -1 : p > q ? 1 : 0;
    if (d !== 0) return d;
  }
  return 0;
}
