import { describe, expect, it } from 'vitest';
import { resolveModels } from '../../generator/emit/product-models.js';
import type { ActionSpec, Model } from '../../generator/spec/model.js';

const disk = (extra: Model['fields'] = []): Model => ({
  name: 'Disk',
  description: 'd',
  fields: [{ name: 'Id', type: 'string', required: true, description: 'id' }, ...extra],
});
const spec = (action: string, models: Model[]): ActionSpec => ({
  action,
  product: 'p',
  title: action,
  summary: '',
  source: `p/${action}.md`,
  docUrl: '',
  idempotent: true,
  request: [],
  response: [],
  models,
});

describe('per-product model dedupe', () => {
  it('shares a model only when the shapes are identical (descriptions may differ)', () => {
    const r = resolveModels([spec('A', [disk()]), spec('B', [{ ...disk(), description: 'other words' }])], []);
    expect(r.models.map((m) => m.name)).toEqual(['Disk']);
    expect(r.models[0]!.actions).toEqual(['A', 'B']);
  });
  it('different shapes get distinct deterministic names, independent of input order', () => {
    const specs = [spec('A', [disk()]), spec('B', [disk()]), spec('C', [disk([{ name: 'Size', type: 'integer', required: false, description: '' }])])];
    const r1 = resolveModels(specs, []);
    const r2 = resolveModels([...specs].reverse(), []);
    expect(r1.models.map((m) => m.name)).toEqual(['CDisk', 'Disk']);
    expect(r2).toEqual(r1);
    expect(r1.byAction.get('C')!.get('Disk')).toBe('CDisk');
    expect(r1.byAction.get('A')!.get('Disk')).toBe('Disk');
  });
  it('compares referenced models by their own shape', () => {
    const holder: Model = {
      name: 'Holder',
      description: '',
      fields: [{ name: 'Disks', type: 'array', items: { type: 'model', model: 'Disk' }, required: false, description: '' }],
    };
    const r = resolveModels([spec('A', [disk(), holder]), spec('B', [disk([{ name: 'X', type: 'boolean', required: false, description: '' }]), holder])], []);
    expect(r.models.map((m) => m.name)).toEqual(['BDisk', 'BHolder', 'Disk', 'Holder']);
    const holders = r.models.filter((m) => m.model.name === 'Holder');
    expect(holders).toHaveLength(2);
  });
  it('never takes a reserved name', () => {
    const r = resolveModels([spec('A', [{ ...disk(), name: 'ARequest' }])], ['ARequest']);
    expect(r.models[0]!.name).toBe('ARequest2');
  });
});
