import { describe, expect, it } from 'vitest';
import { buildDoc, cleanDoc, renderDoc } from '../../generator/emit/jsdoc.js';

describe('jsdoc', () => {
  it('nothing from the docs can end the comment or start a tag', () => {
    const text = cleanDoc('a */ b /* c\n@internal d<br>e  ');
    expect(text).not.toContain('*/');
    expect(text.split('\n').some((l) => l.trimStart().startsWith('@'))).toBe(false);
    expect(text).toBe('a *\\/ b /\\* c\n\\@internal d\ne');
  });
  it('builds description, @defaultValue, @deprecated and @see', () => {
    const doc = buildDoc({ title: 'T', description: 'D', defaultValue: 'Default', deprecated: true, see: 'https://x/y' });
    expect(renderDoc(doc)).toBe(['/**', ' * T', ' *', ' * D', ' * @defaultValue `Default`', ' * @deprecated', ' * @see https://x/y', ' */'].join('\n'));
  });
  it('an empty doc renders nothing', () => {
    expect(renderDoc(buildDoc({}))).toBe('');
  });
});
