/**
 * Heavy suite (`npm run test:heavy`, not part of `npm test`): replays the last SCLOUD_REPLAY_COMMITS (default
 * 150) commits of the real docs history commit by commit. Every build exits <= 1; for every pair of
 * consecutive commits, `scloud-gen diff --format json` on the two spec folders agrees with the TypeScript
 * compiler on the two generated clients for every action and every product (compiler-verdict.ts); and every
 * product keeps its class facade name. Skipped, with a line saying so, without ../shared.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DiffReport } from '../../generator/diff/compare.js';
import { compilerVerdict } from '../tools/compiler-verdict.js';
import { disagreements } from '../tools/verdict-agreement.js';
import { facades, Replay, runCli, specActions } from './replay.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const BUNDLE = join(ROOT, '../shared/history/dev-docs.bundle');
const COMMITS = Number(process.env.SCLOUD_REPLAY_COMMITS ?? 150);
if (!existsSync(BUNDLE)) console.log('skipped: ../shared/history/dev-docs.bundle not found (heavy replay suite)');

interface Step {
  sha: string;
  build: number;
  diff?: { code: number; stderr: string; report: DiffReport };
  disagreements: string[];
  facades: Map<string, string>;
  breaking: number;
}

describe.skipIf(!existsSync(BUNDLE))(`replay of the last ${COMMITS} commits of the docs history`, () => {
  let replay: Replay;
  const steps: Step[] = [];

  beforeAll(async () => {
    replay = new Replay(BUNDLE);
    const commits = replay.lastCommits(COMMITS + 1);
    for (const [i, sha] of commits.entries()) {
      const side = replay.sides[i % 2]!;
      const prev = replay.sides[(i + 1) % 2]!;
      const built = await replay.build(sha, side);
      const step: Step = { sha: sha.slice(0, 7), build: built.code, disagreements: [], facades: facades(side.out), breaking: 0 };
      if (i > 0) {
        const d = await runCli(['diff', prev.spec, side.spec, '--format', 'json']);
        const report = JSON.parse(d.stdout) as DiffReport;
        step.diff = { code: d.code, stderr: d.stderr, report };
        step.breaking = report.summary.breaking;
        step.disagreements = disagreements(report, compilerVerdict(prev.out, side.out, specActions(prev.spec)));
      }
      steps.push(step);
    }
  }, 90 * 60_000);

  afterAll(() => {
    const changed = steps.filter((s) => (s.diff?.report.summary.total ?? 0) > 0).length;
    const breaking = steps.filter((s) => s.breaking > 0).length;
    console.log(`replay: ${steps.length} builds, ${changed} commit pairs with API changes, ${breaking} with breaking ones`);
    replay?.close();
  });

  it('every build exits <= 1 and every diff exits 0', () => {
    expect(steps).toHaveLength(COMMITS + 1);
    expect(steps.filter((s) => s.build > 1).map((s) => `${s.sha}: build exit ${s.build}`)).toEqual([]);
    expect(steps.filter((s) => s.diff !== undefined && s.diff.code !== 0).map((s) => `${s.sha}: diff exit ${s.diff!.code}: ${s.diff!.stderr}`)).toEqual([]);
  });

  it('diff agrees with the compiler on every action and product of every commit', () => {
    const found = steps.flatMap((s) => s.disagreements.map((d) => `${s.sha}: ${d}`));
    expect(found).toEqual([]);
    // The replay is not vacuous: real history has breaking changes that both sides must have seen.
    expect(steps.some((s) => s.breaking > 0)).toBe(true);
  });

  it('every product keeps its class facade name across the replay', () => {
    const last = new Map<string, { name: string; sha: string }>();
    const changes: string[] = [];
    for (const s of steps) {
      for (const [product, name] of s.facades) {
        const before = last.get(product);
        if (before !== undefined && before.name !== name) changes.push(`${product}: ${before.name} (${before.sha}) -> ${name} (${s.sha})`);
        last.set(product, { name, sha: s.sha });
      }
    }
    expect(last.size).toBeGreaterThan(0);
    expect(changes).toEqual([]);
  });
});
