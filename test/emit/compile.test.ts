/**
 * Compile checks with the project's TypeScript (`tsc --strict --noEmit`): the generated output type-checks,
 * and type-level tests (@ts-expect-error + vitest expectTypeOf) prove that a missing required param or a
 * wrong type is a compile error. An unused @ts-expect-error is itself an error, so each line is a real check.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generateFiles } from '../../generator/engine/library.js';
import { fixtureSpecs, removeDir, ROOT, tempDir, typecheck, writeTree } from './helpers.js';

const USAGE = `
import { expectTypeOf } from 'vitest';
import { Client } from './g/index.js';
import * as sdk from './g/all/index.js';
import {
  createCustomImage, createUHostInstance, describeUHostInstance, paginateDescribeUHostInstance,
  type CreateCustomImageRequest, type DescribeUHostInstanceRequest, type UHostInstanceSet, type DescribeImageUHostDiskSet, type UHostDiskSet,
} from './g/uhost/index.js';
import { describePHost } from './g/uphost/index.js';
import { UHostClient } from './g/uhost/client.js';

const client = new Client({});

export async function valid(): Promise<void> {
  const r = await createCustomImage(client, { UHostId: 'u', ImageName: 'n', DataUDiskIds: ['a', 'b'] });
  expectTypeOf(r.ImageId).toEqualTypeOf<string | undefined>();
  expectTypeOf(r.RetCode).toEqualTypeOf<number>();
  await createUHostInstance(client, { ImageId: 'i', Disks: [{ IsBoot: 'True', Size: 40, CustomBackup: { Day: 1 } }] });
  await describeUHostInstance(client);
  await describePHost(client, { 'Tag-Name': 'x', delete: true });
  for await (const host of paginateDescribeUHostInstance(client, { Limit: 50 })) expectTypeOf(host).toEqualTypeOf<UHostInstanceSet>();
  await sdk.uhost.createCustomImage(client, { UHostId: 'u', ImageName: 'n' }, {});
  const facade = new sdk.uhost.UHostClient({ region: 'cn-bj2' });
  expectTypeOf(await facade.createCustomImage({ UHostId: 'u', ImageName: 'n' })).toEqualTypeOf<typeof r>();
  // { withResponse: true } gives { data, response } from the function and the facade alike; the plain call is unchanged.
  const raw = await createCustomImage(client, { UHostId: 'u', ImageName: 'n' }, { withResponse: true });
  expectTypeOf(raw.data).toEqualTypeOf<typeof r>();
  expectTypeOf(raw.response.status).toEqualTypeOf<number>();
  expectTypeOf((await facade.createCustomImage({ UHostId: 'u', ImageName: 'n' }, { withResponse: true })).data).toEqualTypeOf<typeof r>();
  const rawList = await describeUHostInstance(client, undefined, { withResponse: true });
  expectTypeOf(rawList.response.requestId).toEqualTypeOf<string | undefined>();
  await facade.describeUHostInstance();
  for await (const host of facade.paginateDescribeUHostInstance({ Limit: 5 })) expectTypeOf(host).toEqualTypeOf<UHostInstanceSet>();
  expectTypeOf(facade).toMatchTypeOf<Client>();
}

// Region, Zone and ProjectId come from client defaults: optional in the type.
expectTypeOf<CreateCustomImageRequest['Region']>().toEqualTypeOf<string | undefined>();
// Required params are required properties.
expectTypeOf<CreateCustomImageRequest>().toHaveProperty('ImageName').toEqualTypeOf<string>();
// The params argument is optional only when nothing is required.
expectTypeOf(describeUHostInstance).parameter(1).toEqualTypeOf<DescribeUHostInstanceRequest | undefined>();
expectTypeOf(createCustomImage).parameter(1).toEqualTypeOf<CreateCustomImageRequest>();
// Same-named models of different shapes stay distinct.
expectTypeOf<UHostDiskSet>().not.toEqualTypeOf<DescribeImageUHostDiskSet>();

export async function invalid(): Promise<void> {
  // @ts-expect-error ImageName is required
  await createCustomImage(client, { UHostId: 'u' });
  // @ts-expect-error ImageName is a string
  await createCustomImage(client, { UHostId: 'u', ImageName: 1 });
  // @ts-expect-error params are required when anything is required
  await createCustomImage(client);
  // @ts-expect-error DataUDiskIds is string[]
  await createCustomImage(client, { UHostId: 'u', ImageName: 'n', DataUDiskIds: 'a' });
  // @ts-expect-error nested: every disk needs Size
  await createUHostInstance(client, { ImageId: 'i', Disks: [{ IsBoot: 'True' }] });
  // @ts-expect-error nested: CustomBackup.Day is a number
  await createUHostInstance(client, { ImageId: 'i', Disks: [{ IsBoot: 'True', Size: 1, CustomBackup: { Day: 'Mon' } }] });
  // @ts-expect-error unknown params are rejected
  await createCustomImage(client, { UHostId: 'u', ImageName: 'n', ImageNmae: 'typo' });
  // @ts-expect-error Offset is set by the paginator
  paginateDescribeUHostInstance(client, { Offset: 10 });
  // @ts-expect-error the facade checks params the same way
  await new UHostClient().createCustomImage({ UHostId: 'u' });
}
`;

describe('compile (tsc --strict --noEmit)', () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach(removeDir));

  it('fixture output type-checks and the type-level tests hold', async () => {
    const dir = tempDir('compile');
    dirs.push(dir);
    const r = await generateFiles(await fixtureSpecs());
    writeTree(join(dir, 'g'), r.files);
    writeFileSync(join(dir, 'usage.ts'), USAGE);
    expect(typecheck(dir, ['g', 'usage.ts'])).toBe('');
  });

  it('the committed generated/ type-checks', () => {
    const dir = tempDir('compile-repo');
    dirs.push(dir);
    // Not the package's build output (generated/dist, whose declarations repeat the kit's global matcher types).
    expect(typecheck(dir, [join(ROOT, 'generated')], [join(ROOT, 'generated/dist'), join(ROOT, 'generated/node_modules')])).toBe('');
  });

  it('a missing required param is reported by tsc (the check is not vacuous)', async () => {
    const dir = tempDir('compile-neg');
    dirs.push(dir);
    const r = await generateFiles(await fixtureSpecs());
    writeTree(join(dir, 'g'), r.files);
    writeFileSync(
      join(dir, 'bad.ts'),
      `import { Client } from './g/index.js';\nimport { createCustomImage } from './g/uhost/index.js';\nvoid createCustomImage(new Client({}), { UHostId: 'u' });\n`,
    );
    expect(typecheck(dir, ['g', 'bad.ts'])).toMatch(/bad\.ts.*ImageName/s);
  });
});
