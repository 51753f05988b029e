/** Allowed-value unions in the emitted types: the layout is prettier's for any length, the union is open. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatFile } from '../../generator/emit/format.js';
import { constList, constRecord, textWidth, unionProperty } from '../../generator/emit/layout.js';
import { NameRegistry } from '../../generator/emit/identifiers.js';
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
  it('types an allowed-value field as the open union of its list and names the list and its meanings in the JSDoc', () => {
    const registry = new NameRegistry(['RChargeTypeValues2']);
    const scope: TypeScope = { modelName: () => undefined, claim: (n) => registry.claim(n), taken: (n) => registry.has(n), nested: [], warn: () => undefined };
    const [p, q] = fieldsToProps(
      [
        field({ name: 'ChargeType', enum: ['Year', 'Month'], enumMeanings: { Year: '按年付费' }, description: '计费模式' }),
        field({ name: 'Sizes', type: 'array', items: { type: 'integer' }, enum: ['10', '010', '20'] }),
      ],
      'R',
      scope,
      {},
    );
    expect(p).toMatchObject({
      name: 'ChargeType',
      type: '(typeof RChargeTypeValues)[number] | (string & {})',
      union: { arrays: 0 },
      list: {
        values: 'RChargeTypeValues',
        literals: ["'Year'", "'Month'"],
        numeric: false,
        field: 'R.ChargeType',
        meanings: { name: 'RChargeTypeMeanings', entries: [['Year', '按年付费']] },
      },
    });
    expect(p!.docs.description).toBe(
      '计费模式\n\nAllowed values: `Year` (按年付费), `Month`. At run time: {@link RChargeTypeValues}, {@link RChargeTypeMeanings}.',
    );
    expect(q).toMatchObject({ type: 'Array<(typeof RSizesValues)[number] | (number & {})>', list: { literals: ['10', '20'], numeric: true } });
    expect(q!.list!.meanings).toBeUndefined();
  });

  it('claims the two names of a list together: both get the next free suffix when either is taken', () => {
    const registry = new NameRegistry(['RChargeTypeMeanings']);
    const scope: TypeScope = { modelName: () => undefined, claim: (n) => registry.claim(n), taken: (n) => registry.has(n), nested: [], warn: () => undefined };
    const [p] = fieldsToProps([field({ name: 'ChargeType', enum: ['Year'], enumMeanings: { Year: 'y' } })], 'R', scope, {});
    expect([p!.list!.values, p!.list!.meanings!.name]).toEqual(['RChargeType2Values', 'RChargeType2Meanings']);
  });
});

describe('constList and constRecord', () => {
  it('are what prettier prints, for any values, names, meanings and widths (wide characters count two)', async () => {
    const text = fc.oneof(fc.stringMatching(/^[A-Za-z0-9 _/-]{0,60}$/), fc.stringMatching(/^[一-龥，（）A-Za-z0-9]{0,50}$/));
    const key = fc.oneof(fc.stringMatching(/^[A-Za-z][A-Za-z0-9]{0,30}$/), fc.stringMatching(/^[一-龥-]{1,6}$/), fc.stringMatching(/^[0-9]{1,3}$/));
    await fc.assert(
      fc.asyncProperty(
        fc.stringMatching(/^[A-Z][A-Za-z0-9]{0,70}$/),
        fc.uniqueArray(
          text.map((t) => `'${t}'`),
          { minLength: 1, maxLength: 12 },
        ),
        fc.uniqueArray(fc.tuple(key, text), { minLength: 1, maxLength: 5, selector: ([k]) => k }),
        async (name, literals, entries) => {
          const source = [
            constList(`${name}Values`, literals, false),
            constList(
              `${name}Numbers`,
              literals.map((_, i) => String(i * 1000)),
              true,
            ),
            constRecord(`${name}Meanings`, { generic: 'AllowedMeanings', arg: `typeof ${name}Values` }, entries),
            '',
          ].join('\n');
          expect(await formatFile('a.ts', source)).toBe(await formatFile('a.ts', await formatFile('a.ts', source)));
          if (!source.split('\n').some((l) => /Numbers = /.test(l) && textWidth(l) > 120)) expect(await formatFile('a.ts', source)).toBe(source);
        },
      ),
      { numRuns: 150 },
    );
  });
});
