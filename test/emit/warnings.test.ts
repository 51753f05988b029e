/** Problems in the spec become warnings naming the page, and the output still compiles (unknown, first field kept). */
import { describe, expect, it } from 'vitest';
import { generateFiles } from '../../generator/engine/library.js';
import type { ActionSpec } from '../../generator/spec/model.js';

const base: ActionSpec = {
  action: 'DescribeThing',
  product: 'p',
  title: 'Describe Thing',
  summary: '',
  source: 'p/describe_thing.md',
  docUrl: 'https://docs.example/p/describe_thing',
  idempotent: true,
  request: [
    { name: 'Name', type: 'string', required: true, description: 'first' },
    { name: 'Name', type: 'integer', required: false, description: 'duplicate' },
  ],
  response: [{ name: 'Thing', type: 'model', model: 'Missing', required: false, description: 'not defined on the page' }],
  models: [],
};

describe('emit warnings', () => {
  it('unknown model and duplicate field: warned, typed safely', async () => {
    const r = await generateFiles([base]);
    expect(r.warnings.map((w) => `${w.file} ${w.code}`)).toEqual(['p/describe_thing.md duplicate-field', 'p/describe_thing.md unknown-model']);
    const text = r.files.get('p/DescribeThing.ts')!;
    expect(text).toContain('Name: string;');
    expect(text).not.toContain('Name?: number;');
    expect(text).toContain('Thing?: unknown;');
  });

  it('a second spec for the same action is dropped with a warning', async () => {
    const r = await generateFiles([base, { ...base, source: 'p/describe_thing_old.md' }]);
    expect(r.actions).toBe(1);
    expect(r.warnings.some((w) => w.code === 'duplicate-action' && w.file === 'p/describe_thing_old.md')).toBe(true);
  });
});
