/**
 * The repository's own checks, in npm test: no import circles (madge, through tools/madge.cjs), the linter's rules
 * (oxlint: correctness, unused code, floating promises; .oxlintrc.json) and the formatter (prettier --check).
 */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../emit/helpers.js';

function npmRun(script: string): { status: number | null; output: string } {
  const r = spawnSync('npm', ['run', '--silent', script], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { status: r.status, output: `${r.stdout}${r.stderr}` };
}

describe('repository checks', () => {
  it('no import circles (npm run circles)', { timeout: 120_000 }, () => {
    const r = npmRun('circles');
    expect(r.output).toContain('No circular dependency found');
    expect(r.status, r.output).toBe(0);
  });

  it('the linter finds nothing (npm run lint)', { timeout: 120_000 }, () => {
    const r = npmRun('lint');
    expect(r.status, r.output).toBe(0);
  });

  it('every source file is formatted (npm run format:check)', { timeout: 120_000 }, () => {
    const r = npmRun('format:check');
    expect(r.status, r.output).toBe(0);
  });
});
