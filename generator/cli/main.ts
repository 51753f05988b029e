import { UsageError } from '../diagnostics.js';
import { checkSwitches } from '../speed/switches.js';
import type { Command } from './command.js';

const COMMANDS: Record<string, () => Promise<Command>> = {
  parse: async () => (await import('./commands/parse.js')).command,
  generate: async () => (await import('./commands/generate.js')).command,
  build: async () => (await import('./commands/build.js')).command,
  check: async () => (await import('./commands/check.js')).command,
  lint: async () => (await import('./commands/lint.js')).command,
  diff: async () => (await import('./commands/diff.js')).command,
  changelog: async () => (await import('./commands/changelog.js')).command,
  mock: async () => (await import('./commands/mock.js')).command,
  drift: async () => (await import('./commands/drift.js')).command,
};

async function help(name?: string): Promise<string> {
  if (name && COMMANDS[name]) {
    const c = await COMMANDS[name]();
    return `${c.summary}\n\nusage: ${c.usage}\n`;
  }
  const lines = ['usage: scloud-gen <command> [options]', '', 'commands:'];
  for (const key of Object.keys(COMMANDS)) {
    try {
      const c = await COMMANDS[key]!();
      lines.push(`  ${c.usage}\n      ${c.summary}`);
    } catch {
      /* a command module not present yet is simply not listed */
    }
  }
  lines.push('', "'scloud-gen help <command>' for one command.");
  return lines.join('\n') + '\n';
}

/** Runs the CLI; returns the exit code. Never lets a stack trace reach the user. */
export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  try {
    if (!name || name === 'help' || name === '--help' || name === '-h') {
      process.stdout.write(await help(rest[0]));
      return name ? 0 : 2;
    }
    const load = COMMANDS[name];
    if (!load) throw new UsageError(`scloud-gen: unknown command '${name}'; commands are: ${Object.keys(COMMANDS).join(', ')}`);
    checkSwitches();
    const command = await load();
    if (rest.includes('--help') || rest.includes('-h')) {
      process.stdout.write(await help(name));
      return 0;
    }
    return await command.run(rest);
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`${e.message}\n`);
      return e.exitCode;
    }
    const err = e as NodeJS.ErrnoException;
    if (err && typeof err.code === 'string' && err.path) {
      process.stderr.write(`scloud-gen ${name}: ${err.code} on ${err.path}: ${err.message.split('\n')[0]}\n`);
      return 2;
    }
    process.stderr.write(
      `scloud-gen ${name}: internal error: ${err?.message?.split('\n')[0] ?? String(e)}\n` +
        'This is a bug in scloud-gen; please report it with the command you ran (SCLOUD_GEN_DEBUG=1 adds the stack trace).\n' +
        (process.env.SCLOUD_GEN_DEBUG ? `${err?.stack ?? String(e)}\n` : ''),
    );
    return 3;
  }
}
