/** The files a release edits: the changelog section goes on top, only the package's "version" value changes. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { prependSection, setPackageVersion } from '../../generator/diff/release-files.js';

const SECTION = '## 0.2.0 (2026-06-02)\n\nNo API changes.\n';

describe('prependSection', () => {
  it('creates the file with a title when there is none', () => {
    expect(prependSection(undefined, SECTION)).toBe(`# Changelog\n\n${SECTION}`);
    expect(prependSection('  \n', SECTION)).toBe(`# Changelog\n\n${SECTION}`);
  });

  it('goes under the title, above the previous release', () => {
    const old = '# Changelog\n\n## 0.1.0 (2026-05-01)\n\nFirst.\n';
    expect(prependSection(old, SECTION)).toBe(`# Changelog\n\n${SECTION}\n## 0.1.0 (2026-05-01)\n\nFirst.\n`);
  });

  it('goes first when the file has no title, and keeps every old byte', () => {
    const old = '## 0.1.0 (2026-05-01)\r\n\r\nFirst.';
    expect(prependSection(old, SECTION)).toBe(`${SECTION}\n${old}`);
  });
});

describe('setPackageVersion', () => {
  it('changes only the top-level version value (formatting, key order and nested "version" keys kept)', () => {
    const text = '{\n\t"name": "scloud-sdk",\n\t"config": { "version": "9.9.9" },\n\t"version"  :  "0.1.0",\n\t"x": ["version", "0.1.0"]\n}';
    expect(setPackageVersion(text, '0.2.0')).toBe(text.replace('"version"  :  "0.1.0"', '"version"  :  "0.2.0"'));
  });

  it('no top-level version string: undefined (the caller reports it)', () => {
    expect(setPackageVersion('{ "name": "x", "nested": { "version": "1.0.0" } }', '1.0.1')).toBeUndefined();
    expect(setPackageVersion('{ "version": 1 }', '1.0.1')).toBeUndefined();
  });

  it('property: any JSON object with a top-level version, any spacing: the result parses to the same value but the version', () => {
    const value = fc.jsonValue({ maxDepth: 3 });
    const object = fc.dictionary(fc.oneof(fc.string(), fc.constant('version'), fc.constant('ver"sion')), value, { maxKeys: 6 });
    fc.assert(
      fc.property(object, fc.nat(6), fc.constantFrom(0, 1, 2, '\t', '   '), fc.string(), (obj, at, indent, old) => {
        const entries = Object.entries(obj).filter(([k]) => k !== 'version');
        entries.splice(at % (entries.length + 1), 0, ['version', old]);
        const text = JSON.stringify(Object.fromEntries(entries), null, indent);
        const out = setPackageVersion(text, '3.1.4');
        expect(out).toBeDefined();
        expect(JSON.parse(out!)).toEqual({ ...JSON.parse(text), version: '3.1.4' });
        expect(out!.length - text.length).toBe(JSON.stringify('3.1.4').length - JSON.stringify(old).length);
      }),
      { numRuns: 500 },
    );
  });
});
