/**
 * An empty folder where the client package, built from test/fixtures/testing-kit/spec the way `npm run build`
 * builds generated/, is installed as a user installs it: from its packed tarball (`npm pack`, `npm install`; the
 * heavy suite) or as a copy of the built package (npm test, faster). The files of test/testing/app/ are copied
 * beside it; vitest, jest's `expect` and @types/jest come from this repo's node_modules (links), as a user's own
 * test runner would be there.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { removeDir, ROOT, tempDir } from '../emit/helpers.js';

export const KIT_SPEC = join(ROOT, 'test/fixtures/testing-kit/spec');
const APP_FILES = join(ROOT, 'test/testing/app');

export interface KitApp {
  /** The folder the package is installed in (its node_modules/scloud-sdk). */
  readonly app: string;
  /** The built package folder (generated client, package.json, dist/). */
  readonly pkg: string;
  /** Runs `file` with node in the app; returns stdout. */
  node(args: string[]): string;
  /** Runs tsc with a config written into the app; returns its output ('' when clean). */
  tsc(name: string, include: string[], types?: string[]): string;
  /** Runs vitest in the app. */
  vitest(): { status: number | null; output: string };
  remove(): void;
}

const sh = (cmd: string, args: string[], cwd: string): string =>
  execFileSync(cmd, args, {
    cwd,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: 600_000,
    env: { ...process.env, npm_config_update_notifier: 'false' },
  });

/** Generates and builds the fixture client, then installs it into an empty folder `via` a tarball or a copy. */
export function prepareKitApp(via: 'tarball' | 'copy'): KitApp {
  const dir = tempDir('testing-kit');
  const pkg = join(dir, 'pkg');
  sh(process.execPath, [join(ROOT, 'bin/scloud-gen.js'), 'generate', '--spec', KIT_SPEC, '--out', pkg, '--no-cache'], ROOT);
  cpSync(join(ROOT, 'generated/package.json'), join(pkg, 'package.json'));
  // The build resolves the client's dependencies (undici's types, vitest's and expect's for the matchers) from here.
  symlinkSync(join(ROOT, 'node_modules'), join(pkg, 'node_modules'));
  sh(process.execPath, [join(ROOT, 'bin/build-client.js'), '--dir', pkg], ROOT);
  rmSync(join(pkg, 'node_modules'));
  const app = join(dir, 'app');
  mkdirSync(join(app, 'node_modules'), { recursive: true });
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'app', private: true, type: 'module' }));
  if (via === 'tarball') {
    const packs = join(dir, 'packs');
    mkdirSync(packs);
    sh('npm', ['pack', pkg, '--ignore-scripts', '--pack-destination', packs, '--silent'], dir);
    const tarball = join(packs, readdirSync(packs)[0]!);
    sh('npm', ['install', '--no-audit', '--no-fund', '--silent', tarball], app);
  } else {
    mkdirSync(join(app, 'node_modules/scloud-sdk'));
    for (const f of ['package.json', 'dist']) cpSync(join(pkg, f), join(app, 'node_modules/scloud-sdk', f), { recursive: true });
    symlinkSync(join(ROOT, 'node_modules/undici'), join(app, 'node_modules/undici'));
  }
  for (const name of ['vitest', 'expect']) symlinkSync(join(ROOT, 'node_modules', name), join(app, 'node_modules', name));
  for (const f of readdirSync(APP_FILES)) cpSync(join(APP_FILES, f), join(app, f));
  return {
    app,
    pkg,
    node: (args) => sh(process.execPath, args, app),
    tsc(name, include, types = ['node']) {
      const config = join(app, `tsconfig.${name}.json`);
      writeFileSync(
        config,
        JSON.stringify({
          compilerOptions: {
            target: 'ES2022',
            module: 'NodeNext',
            moduleResolution: 'NodeNext',
            lib: ['ES2022', 'DOM'],
            strict: true,
            noEmit: true,
            skipLibCheck: true,
            types,
            typeRoots: [join(ROOT, 'node_modules/@types')],
          },
          include,
        }),
      );
      const r = spawnSync(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', config], { cwd: app, encoding: 'utf8' });
      return `${r.stdout}${r.stderr}`.trim();
    },
    vitest() {
      const r = spawnSync(
        process.execPath,
        [join(ROOT, 'node_modules/vitest/vitest.mjs'), 'run', '--root', app, '--config', join(app, 'vitest.config.mjs'), '--reporter', 'verbose'],
        { cwd: app, encoding: 'utf8', timeout: 300_000, env: { ...process.env, CI: 'true', NO_COLOR: '1', FORCE_COLOR: '0' } },
      );
      return { status: r.status, output: `${r.stdout}${r.stderr}` };
    },
    remove: () => removeDir(dir),
  };
}

/** `types.ts` with every `@ts-expect-error` line removed, and the 1-based lines (in the new text) each one stood above. */
export function withoutDirectives(text: string): { text: string; lines: number[] } {
  const out: string[] = [];
  const lines: number[] = [];
  for (const line of text.split('\n')) {
    if (line.trim() === '// @ts-expect-error') lines.push(out.length + 1);
    else out.push(line);
  }
  return { text: out.join('\n'), lines };
}

export function readApp(app: string, file: string): string {
  return readFileSync(join(app, file), 'utf8');
}
