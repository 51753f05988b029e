import { describe, expect, it } from 'vitest';
import { camelCase, NameRegistry, pascalCase, propertyName, safeIdentifier } from '../../generator/emit/identifiers.js';

describe('names', () => {
  it('camelCases action names, acronyms lowered as one word', () => {
    expect(camelCase('CreateCustomImage')).toBe('createCustomImage');
    expect(camelCase('DescribePHost')).toBe('describePHost');
    expect(camelCase('ULBCreate')).toBe('ulbCreate');
    expect(camelCase('UHost')).toBe('uHost');
    expect(camelCase('GetUHostInstanceVncInfo')).toBe('getUHostInstanceVncInfo');
  });
  it('never yields a reserved word or an invalid identifier', () => {
    expect(camelCase('Delete')).toBe('delete_');
    expect(safeIdentifier('3d-model')).toBe('_3d_model');
    expect(safeIdentifier('class')).toBe('class_');
    expect(pascalCase('custom-backup')).toBe('CustomBackup');
    expect(safeIdentifier('')).toBe('_');
  });
  it('keeps API field names, quoting those that are not identifiers', () => {
    expect(propertyName('DataUDiskIds')).toBe('DataUDiskIds');
    expect(propertyName('delete')).toBe('delete');
    expect(propertyName('Tag-Name')).toBe("'Tag-Name'");
    expect(propertyName("it's")).toBe('"it\'s"');
    expect(propertyName('1st')).toBe("'1st'");
  });
  it('hands out distinct names deterministically', () => {
    const r = new NameRegistry(['Foo']);
    expect([r.claim('Foo'), r.claim('Foo'), r.claim('Bar')]).toEqual(['Foo2', 'Foo3', 'Bar']);
  });
});
