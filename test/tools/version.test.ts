/** Version arithmetic of the release flow: known answers for 0.x, >= 1.0 and prereleases, semver order. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bumpFor, compareVersions, formatVersion, nextVersion, parseVersion, type Bump, type Version } from '../../generator/diff/semver.js';

const v = (text: string): Version => {
  const parsed = parseVersion(text);
  if (parsed === undefined) throw new Error(`bad test version ${text}`);
  return parsed;
};

describe('bumpFor: the diff verdict -> the bump', () => {
  const cases: [string, { total: number; breaking: number }, Bump][] = [
    ['1.4.2', { total: 3, breaking: 1 }, 'major'],
    ['1.4.2', { total: 3, breaking: 0 }, 'minor'],
    ['1.4.2', { total: 0, breaking: 0 }, 'patch'],
    ['0.4.2', { total: 3, breaking: 1 }, 'minor'],
    ['0.4.2', { total: 3, breaking: 0 }, 'patch'],
    ['0.4.2', { total: 0, breaking: 0 }, 'patch'],
    ['1.0.0-rc.1', { total: 1, breaking: 1 }, 'major'],
    ['0.9.0-beta', { total: 1, breaking: 1 }, 'minor'],
  ];
  it.each(cases)('%s with %o -> %s', (current, changes, bump) => expect(bumpFor(v(current), changes)).toBe(bump));
});

describe('nextVersion', () => {
  const cases: [string, Bump, string][] = [
    ['1.4.2', 'major', '2.0.0'],
    ['1.4.2', 'minor', '1.5.0'],
    ['1.4.2', 'patch', '1.4.3'],
    ['0.4.2', 'minor', '0.5.0'],
    ['0.4.2', 'patch', '0.4.3'],
    ['0.0.9', 'patch', '0.0.10'],
    ['9.9.9', 'patch', '9.9.10'],
    // A prerelease is released by the bump it already stands for (npm version semantics).
    ['1.3.0-rc.1', 'minor', '1.3.0'],
    ['1.3.2-rc.1', 'minor', '1.4.0'],
    ['1.3.0-rc.1', 'major', '2.0.0'],
    ['2.0.0-rc.1', 'major', '2.0.0'],
    ['1.3.2-rc.1', 'patch', '1.3.2'],
    ['1.3.2-rc.1+build.5', 'patch', '1.3.2'],
  ];
  it.each(cases)('%s + %s = %s', (current, bump, next) => expect(formatVersion(nextVersion(v(current), bump))).toBe(next));

  it('always goes up, and lands on a release', () => {
    const version = fc.record({
      major: fc.nat(50),
      minor: fc.nat(50),
      patch: fc.nat(50),
      prerelease: fc.option(fc.constantFrom('rc.1', 'alpha', 'beta.2'), { nil: undefined }),
    });
    fc.assert(
      fc.property(version, fc.constantFrom<Bump>('major', 'minor', 'patch'), (raw, bump) => {
        const current: Version = raw.prerelease === undefined ? { major: raw.major, minor: raw.minor, patch: raw.patch } : raw;
        const next = nextVersion(current, bump);
        expect(compareVersions(next, current)).toBeGreaterThan(0);
        expect(next.prerelease).toBeUndefined();
        expect(parseVersion(formatVersion(next))).toEqual(next);
      }),
      { numRuns: 500 },
    );
  });
});

describe('parseVersion and compareVersions', () => {
  it('accepts semver (optional v, prerelease, build) and rejects the rest', () => {
    expect(parseVersion('v1.2.3')).toEqual({ major: 1, minor: 2, patch: 3 });
    expect(parseVersion('1.2.3-rc.1+b.7')).toEqual({ major: 1, minor: 2, patch: 3, prerelease: 'rc.1' });
    for (const bad of ['1.2', '1.2.3.4', '01.2.3', '1.2.x', '', 'v', '1.2.3-', '1.2.3+', 'next']) expect(parseVersion(bad), bad).toBeUndefined();
  });

  it('orders as semver 2.0 does (its own example list), not as text', () => {
    const ordered = [
      '1.0.0-alpha',
      '1.0.0-alpha.1',
      '1.0.0-alpha.beta',
      '1.0.0-beta',
      '1.0.0-beta.2',
      '1.0.0-beta.11',
      '1.0.0-rc.1',
      '1.0.0',
      '1.2.0',
      '1.10.0',
      '2.0.0',
    ];
    const shuffled = [...ordered].reverse();
    expect(shuffled.map(v).sort(compareVersions).map(formatVersion)).toEqual(ordered);
  });
});
