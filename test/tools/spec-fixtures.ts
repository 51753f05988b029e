/** Small hand-built specs shared by the tools tests (diff, mock). */
import type { ActionSpec, Field } from '../../generator/spec/model.js';

export function field(name: string, type: Field['type'], required: boolean, extra: Partial<Field> = {}): Field {
  return { name, type, required, description: `${name}.`, ...extra };
}

export function createCustomImage(): ActionSpec {
  return {
    action: 'CreateCustomImage',
    product: 'uhost',
    title: 'Create Custom Image',
    summary: 'Create a custom image from the specified UHost instance.',
    source: 'uhost/create_custom_image.md',
    docUrl: 'https://docs.scloudsg.com/api/uhost-api/create_custom_image',
    idempotent: false,
    request: [
      field('Region', 'string', true),
      field('Zone', 'string', false),
      field('ProjectId', 'string', false),
      field('UHostId', 'string', true),
      field('ImageName', 'string', true),
      field('DataUDiskIds', 'array', false, { wire: 'DataUDiskIds.N', items: { type: 'string' } }),
    ],
    response: [
      field('RetCode', 'integer', true),
      field('Action', 'string', true),
      field('Message', 'string', false),
      field('ImageId', 'string', false),
      field('DataSnapshotIds', 'array', false, { items: { type: 'string' } }),
    ],
    models: [],
    examples: {
      request: { Action: 'CreateCustomImage', Region: 'cn-bj2', UHostId: 'uhost-xxx', ImageName: 'Test' },
      response: { Action: 'CreateCustomImageResponse', ImageId: 'uimage-xxx', DataSnapshotIds: ['hoSgBxwr'], RetCode: 0 },
    },
  };
}

export function describeUHostInstance(): ActionSpec {
  return {
    action: 'DescribeUHostInstance',
    product: 'uhost',
    title: 'Describe UHost Instance',
    summary: 'List UHost instances.',
    source: 'uhost/describe_uhost_instance.md',
    docUrl: 'https://docs.scloudsg.com/api/uhost-api/describe_uhost_instance',
    idempotent: true,
    request: [
      field('Region', 'string', true),
      field('Offset', 'integer', false),
      field('Limit', 'integer', false),
      field('UHostIds', 'array', false, { wire: 'UHostIds.N', items: { type: 'string' } }),
    ],
    response: [
      field('RetCode', 'integer', true),
      field('Action', 'string', true),
      field('TotalCount', 'integer', true),
      field('UHostSet', 'array', true, { items: { type: 'model', model: 'UHostInstanceSet' } }),
    ],
    models: [
      {
        name: 'UHostInstanceSet',
        description: 'One instance.',
        fields: [
          field('UHostId', 'string', true),
          field('CPU', 'integer', false),
          field('Tags', 'object', false, { fields: [field('Key', 'string', false)] }),
          field('DiskSet', 'array', false, { items: { type: 'model', model: 'UHostDiskSet' } }),
        ],
      },
      { name: 'UHostDiskSet', description: 'A disk.', fields: [field('DiskId', 'string', true), field('Size', 'integer', false)] },
    ],
  };
}
