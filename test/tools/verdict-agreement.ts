/**
 * Does diff's report agree with the compiler (compiler-verdict.ts)? Per old action: some breaking change
 * reported for it iff the compiler says code using it breaks. Per product: the exported type names diff
 * reports gone (`models.X`, `types.X` of breaking changes) are exactly the ones the compiler finds gone, so are the
 * lists of models.ts (`values.X` of product-level breaking changes), and a facade rename is reported iff the class
 * name changed. Returns one line per disagreement.
 */
import type { DiffReport } from '../../generator/diff/compare.js';
import type { ProductVerdict } from './compiler-verdict.js';

export function disagreements(report: DiffReport, verdicts: ReadonlyMap<string, ProductVerdict>): string[] {
  const out: string[] = [];
  for (const [product, v] of verdicts) {
    for (const [action, reasons] of v.actions) {
      const breaking = report.changes.filter((c) => c.product === product && c.action === action && c.breaking);
      if (breaking.length > 0 === reasons.length > 0) continue;
      const said = breaking.length > 0 ? `breaking (${breaking.map((c) => `${c.change} ${c.path}`).join(', ')})` : 'not breaking';
      out.push(`${product}/${action}: diff says ${said}; compiler says ${reasons.length > 0 ? reasons.join('; ') : 'old code still compiles'}`);
    }
    const gone = report.changes
      .filter((c) => c.product === product && c.breaking && /^(models|types)\./.test(c.path))
      .map((c) => c.path.replace(/^(models|types)\./, ''))
      .sort();
    if (gone.join(',') !== v.removedTypes.join(',')) {
      out.push(`${product}: diff reports exported types gone [${gone.join(', ')}]; compiler finds [${v.removedTypes.join(', ')}]`);
    }
    const lists = report.changes
      .filter((c) => c.product === product && c.breaking && c.action === '' && c.path.startsWith('values.'))
      .map((c) => c.path.slice('values.'.length))
      .sort();
    if (lists.join(',') !== v.removedValues.join(',')) {
      out.push(`${product}: diff reports exported lists of models.ts gone [${lists.join(', ')}]; compiler finds [${v.removedValues.join(', ')}]`);
    }
    const renamed = report.changes.some((c) => c.product === product && c.change === 'facade-renamed');
    const changed = v.facade.new !== undefined && v.facade.old !== v.facade.new;
    if (renamed !== changed) out.push(`${product}: facade ${v.facade.old} -> ${v.facade.new}, diff ${renamed ? 'reports' : 'does not report'} facade-renamed`);
  }
  return out;
}
