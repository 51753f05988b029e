/**
 * Allowed values at run time (issue 25): every field with allowed values (request params, response fields, model
 * fields, nested interfaces) gets an exported `as const` list `<Interface><Field>Values` and, where the docs give
 * meanings, `<Interface><Field>Meanings`, in the file of the type they describe; the field's open union is derived
 * from the list; a bundle that does not use a list does not hold it (esbuild).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildSync } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatFile } from '../../generator/emit/format.js';
import { generateFiles } from '../../generator/engine/library.js';
import type { ActionSpec, Field } from '../../generator/spec/model.js';
import { removeDir, tempDir, typecheck, writeTree } from './helpers.js';

const f = (name: string, rest: Partial<Field> = {}): Field => ({ name, type: 'string', required: false, description: '', ...rest });

/** One action with allowed values in every place a field can be: request, nested request object, response, models. */
const SPEC: ActionSpec = {
  action: 'CreateThing',
  product: 'demo',
  title: 'Create a thing',
  summary: '',
  source: 'demo-api/create_thing.md',
  docUrl: 'https://docs.example/create_thing',
  idempotent: false,
  request: [
    f('Region', { required: true }),
    f('ChargeType', { enum: ['Year', 'Month', 'Dynamic'], enumMeanings: { Year: '按年付费 (ZZ-YEAR-MEANING)', Month: '按月付费' } }),
    f('Disks', {
      type: 'array',
      items: { type: 'object', fields: [f('Type', { enum: ['CLOUD_SSD', 'LOCAL_NORMAL'] }), f('Size', { type: 'integer' })] },
    }),
    f('Levels', { type: 'array', items: { type: 'integer' }, enum: ['1', '2', '3'], enumMeanings: { '1': 'low', '3': 'high' } }),
    f('Mode', { enum: ['1a', 'a-b', '一'], enumMeanings: { '1a': 'x', 'a-b': 'y', 一: 'z' } }),
  ],
  response: [f('State', { enum: ['Running', 'Stopped', 'ZZ-STATE-VALUE'] }), f('Thing', { type: 'model', model: 'Thing' })],
  models: [{ name: 'Thing', description: '', fields: [f('Kind', { enum: ['A', 'B'], enumMeanings: { A: 'ZZ-KIND-MEANING' } })] }],
};

describe('allowed-value lists', () => {
  let dir = '';
  let files = new Map<string, string>();
  beforeAll(async () => {
    dir = tempDir('allowed-values');
    files = (await generateFiles([SPEC], { progress: false })).files;
    writeTree(join(dir, 'gen'), files);
    // As the client package declares itself (generated/package.json): its modules have no side effects.
    writeFileSync(join(dir, 'gen/package.json'), JSON.stringify({ type: 'module', sideEffects: false }));
  });
  afterAll(() => removeDir(dir));

  it('names each list after its interface and field, in the file that declares the type, and the union comes from it', () => {
    const action = files.get('demo/CreateThing.ts')!;
    expect(action).toContain("export const CreateThingRequestChargeTypeValues = ['Year', 'Month', 'Dynamic'] as const;");
    expect(action).toContain(
      "export const CreateThingRequestChargeTypeMeanings: AllowedMeanings<typeof CreateThingRequestChargeTypeValues> = {\n  Year: '按年付费 (ZZ-YEAR-MEANING)',\n  Month: '按月付费',\n};",
    );
    expect(action).toContain('ChargeType?: (typeof CreateThingRequestChargeTypeValues)[number] | (string & {});');
    expect(action).toContain("export const CreateThingRequestDisksTypeValues = ['CLOUD_SSD', 'LOCAL_NORMAL'] as const;");
    expect(action).toContain('Type?: (typeof CreateThingRequestDisksTypeValues)[number] | (string & {});');
    expect(action).toContain('export const CreateThingRequestLevelsValues = [1, 2, 3] as const;');
    expect(action).toContain('Levels?: Array<(typeof CreateThingRequestLevelsValues)[number] | (number & {})>;');
    expect(action).toContain("  '1': 'low',\n  '3': 'high',");
    expect(action).toContain("  '1a': 'x',\n  'a-b': 'y',\n  一: 'z',");
    expect(action).toContain("export const CreateThingResponseStateValues = ['Running', 'Stopped', 'ZZ-STATE-VALUE'] as const;");
    expect(action).not.toContain('CreateThingResponseStateMeanings');
    expect(action).toContain('At run time: {@link CreateThingRequestChargeTypeValues}, {@link CreateThingRequestChargeTypeMeanings}.');
    const models = files.get('demo/models.ts')!;
    expect(models).toContain("export const ThingKindValues = ['A', 'B'] as const;");
    expect(models).toContain("export const ThingKindMeanings: AllowedMeanings<typeof ThingKindValues> = {\n  A: 'ZZ-KIND-MEANING',\n};");
    const index = files.get('demo/index.ts')!;
    for (const name of [
      'CreateThingRequestChargeTypeValues',
      'CreateThingRequestChargeTypeMeanings',
      'CreateThingRequestDisksTypeValues',
      'CreateThingResponseStateValues',
    ])
      expect(index).toMatch(new RegExp(`export \\{[^}]*\\b${name}\\b[^}]*\\} from './CreateThing\\.js';`));
    expect(index).toMatch(/export \{ ThingKindValues, ThingKindMeanings \} from '\.\/models\.js';/);
  });

  it('type-checks: the union stays open, values and meanings are typed by the list, a meaning is looked up by any listed value', () => {
    writeFileSync(
      join(dir, 'use.ts'),
      [
        "import { CreateThingRequestChargeTypeMeanings, CreateThingRequestChargeTypeValues, CreateThingRequestLevelsValues, ThingKindMeanings, type CreateThingRequest } from './gen/demo/index.js';",
        "const a: CreateThingRequest['ChargeType'] = 'Year';",
        "const b: CreateThingRequest['ChargeType'] = 'SomethingNew';",
        'const levels: CreateThingRequest["Levels"] = [1, 7];',
        "const values: readonly ('Year' | 'Month' | 'Dynamic')[] = CreateThingRequestChargeTypeValues;",
        'for (const v of CreateThingRequestChargeTypeValues) { const label: string | undefined = CreateThingRequestChargeTypeMeanings[v]; void label; }',
        'const one: 1 | 2 | 3 = CreateThingRequestLevelsValues[0];',
        'const kind: string | undefined = ThingKindMeanings.B;',
        '// @ts-expect-error: the lists are read-only',
        "CreateThingRequestChargeTypeValues.push('x');",
        'export { a, b, levels, values, one, kind };',
        '',
      ].join('\n'),
    );
    expect(typecheck(dir, ['use.ts', 'gen/**/*.ts'])).toBe('');
  });

  it('tree-shakes: a bundle that calls the action holds none of the lists; one that imports a list holds that one only', () => {
    const bundle = (code: string): string => {
      writeFileSync(join(dir, 'entry.ts'), code);
      const r = buildSync({
        entryPoints: [join(dir, 'entry.ts')],
        bundle: true,
        format: 'esm',
        platform: 'node',
        write: false,
        minify: true,
        external: ['undici', 'node-fetch'],
        logLevel: 'error',
      });
      return r.outputFiles[0]!.text;
    };
    const call = bundle("import { Client, createThing } from './gen/demo/index.js';\nexport const run = (c: Client) => createThing(c, { Region: 'r' });\n");
    expect(call).toContain('CreateThing');
    for (const marker of ['ZZ-YEAR-MEANING', 'ZZ-STATE-VALUE', 'ZZ-KIND-MEANING', 'LOCAL_NORMAL', 'Dynamic']) expect(call).not.toContain(marker);
    const list = bundle("import { CreateThingResponseStateValues } from './gen/demo/index.js';\nconsole.log(CreateThingResponseStateValues);\n");
    expect(list).toContain('ZZ-STATE-VALUE');
    for (const marker of ['ZZ-YEAR-MEANING', 'ZZ-KIND-MEANING', 'LOCAL_NORMAL']) expect(list).not.toContain(marker);
    expect(list.length).toBeLessThan(300);
  });

  it('prettier leaves the files with lists as they are', async () => {
    for (const rel of ['demo/CreateThing.ts', 'demo/models.ts', 'demo/index.ts']) expect(await formatFile(rel, files.get(rel)!), rel).toBe(files.get(rel));
  });
});
