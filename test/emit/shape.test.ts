/** The meta's shapes: spec -> Shape (spec/shape.ts) -> printed literal (emit/shape-literal.ts), and back. */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { printLit } from '../../generator/emit/layout.js';
import { responseCheckEntries, shapeLit } from '../../generator/emit/shape-literal.js';
import type { ActionSpec } from '../../generator/spec/model.js';
import { requestShape, responseShape } from '../../generator/spec/shape.js';
import { checkResponseShape } from '../../runtime/response-check.js';
import { fixtureSpecs, ROOT } from './helpers.js';

const evaluate = (text: string): unknown => new Function(`return ${text};`)() as unknown;

describe('response shapes in the meta', () => {
  it('print as literals that evaluate to the shapes, for every golden spec', async () => {
    const specs = [
      ...(await fixtureSpecs()),
      ...(await fixtureSpecs(join(ROOT, 'test/golden/zh/spec'))),
      ...(await fixtureSpecs(join(ROOT, 'test/golden/older/spec'))),
    ];
    expect(specs.length).toBeGreaterThanOrEqual(10);
    for (const s of specs) {
      for (const shape of [requestShape(s), responseShape(s)]) expect(evaluate(printLit(shapeLit(shape), '', 0, ','))).toEqual({ ...shape, f: { ...shape.f } });
      expect(responseCheckEntries(s).map(([k]) => k)).toEqual(['product', 'doc', 'response']);
    }
  });

  it('leave the usual envelope out, inline models (a model inside itself is not checked), keep required fields', () => {
    const field = (name: string, type: Record<string, unknown>, required = false) => ({ name, required, description: '', ...type });
    const spec = {
      action: 'DescribeThing',
      product: 'p',
      title: 't',
      summary: '',
      source: 'p-api/describe_thing.md',
      docUrl: '',
      idempotent: true,
      request: [],
      response: [
        field('RetCode', { type: 'integer' }, true),
        field('Action', { type: 'string' }, true),
        field('Message', { type: 'integer' }),
        field('Items', { type: 'array', items: { type: 'model', model: 'Node' } }, true),
      ],
      models: [
        {
          name: 'Node',
          description: '',
          fields: [field('Id', { type: 'string' }, true), field('Children', { type: 'array', items: { type: 'model', model: 'Node' } })],
        },
      ],
    } as unknown as ActionSpec;
    const shape = responseShape(spec);
    expect(shape).toEqual({ f: { Message: 'i', Items: [{ f: { Id: 's', Children: ['u'] }, r: ['Id'] }] }, r: ['Items'] });
    // A body the docs describe passes; the envelope is never reported.
    expect(
      checkResponseShape({ RetCode: 0, Action: 'DescribeThingResponse', Message: 3, RequestUUID: 'x', Items: [{ Id: 'a', Children: [{ any: 1 }] }] }, shape),
    ).toEqual([]);
  });
});
