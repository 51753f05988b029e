/** Allowed-value unions in the emitted types: the layout is prettier's for any length, the union is open. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatFile } from '../../generator/emit/format.js';
import { unionProperty } from '../../generator/emit/layout.js';
import { enumUnion, fieldsToProps, type TypeScope } from '../../generator/emit/type-text.js';
import type { Field } from '../../generator/spec/model.js';

const field = (f: Partial<Field>): Field => ({ name: 'X', type: 'string', required: false, description: '', ...f });

describe('enumUnion', () => {
  it('strings quoted, numbers bare, arrays counted, booleans and objects none', () => {
    expect(enumUnion(field({ enum: ['Year', "it's", ''] }))).toEqual({ members: ["'Year'", '"it\'s"', "''", '(string & {})'], arrays: 0 });
    expect(enumUnion(field({ type: 'integer', enum: ['1', '-2'] }))).toEqual({ members: ['1', '-2', '(number & {})'], arrays: 0 });
    expect(enumUnion(field({ type: 'array', items: { type: 'array', items: { type: 'string' } }, enum: ['a'] }))).toEqual({
      members: ["'a'", '(string & {})'],
      arrays: 2,
    });
    expect(enumUnion(field({ type: 'boolean', enum: ['true'] }))).toBeUndefined();
    expect(enumUnion(field({ type: 'integer', enum: ['Yes'] }))).toBeUndefined();
    expect(enumUnion(field({}))).toBeUndefined();
  });
});

describe('unionProperty', () => {
  it('is what prettier prints, for any number and length of members, array depth and name', async () => {
    const member = fc.stringMatching(/^[A-Za-z0-9_]{1,24}$/).map((s) => `'${s}'`);
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(member, { minLength: 1, maxLength: 14 }),
        fc.nat(2),
        fc.constantFrom('Name', 'ChargeType?', "'Quoted-Name'?", 'AVeryLongPropertyNameThatTakesSpace?'),
        async (members, arrays, head) => {
          const text = `export interface A {\n  /** doc */\n${unionProperty(head, { members: [...members, '(string & {})'], arrays })}\n}\n`;
          expect(await formatFile('a.ts', text)).toBe(text);
        },
      ),
      { numRuns: 150 },
    );
  });
});

describe('fieldsToProps', () => {
  it('types an allowed-value field as the open union and lists the values with their meanings in the JSDoc', () => {
    const scope: TypeScope = { modelName: () => undefined, claim: (n) => n, nested: [], warn: () => undefined };
    const [p] = fieldsToProps(
      [field({ name: 'ChargeType', enum: ['Year', 'Month'], enumMeanings: { Year: '按年付费' }, description: '计费模式' })],
      'R',
      scope,
      {},
    );
    expect(p).toMatchObject({ name: 'ChargeType', type: "'Year' | 'Month' | (string & {})", union: { arrays: 0 } });
    expect(p!.docs.description).toBe('计费模式\n\nAllowed values: `Year` (按年付费), `Month`.');
  });
});
