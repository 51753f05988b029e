/**
 * Logging. The client is silent unless a level is set (`logLevel` option, else env `SCLOUD_LOG`) or a `logger`
 * is given (level `info` then); lines go to the logger, or to stderr when there is none. Lines never hold secrets.
 */
import { configError, describeValue } from './config-check.js';

/** Logger interface (console works). */
export interface Logger {
  debug(message: string, data?: Record<string, unknown>): void;
  info(message: string, data?: Record<string, unknown>): void;
  warn(message: string, data?: Record<string, unknown>): void;
  error(message: string, data?: Record<string, unknown>): void;
}

/** `silent` logs nothing; each other level logs itself and the levels above it (debug < info < warn < error). */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';
export type LogMethod = Exclude<LogLevel, 'silent'>;

const RANK: Readonly<Record<LogLevel, number>> = { debug: 0, info: 1, warn: 2, error: 3, silent: 4 };

const noop = (): void => undefined;
/** A logger that drops every line. */
export const silentLogger: Logger = { debug: noop, info: noop, warn: noop, error: noop };

/** Writes `scloud-sdk <level> <message>` lines to stderr through console.error (every runtime has it). */
export const stderrLogger: Logger = {
  debug: (m) => console.error(`scloud-sdk debug ${m}`),
  info: (m) => console.error(`scloud-sdk info ${m}`),
  warn: (m) => console.error(`scloud-sdk warn ${m}`),
  error: (m) => console.error(`scloud-sdk error ${m}`),
};

/** The level in force: the option, else env SCLOUD_LOG (empty means unset), else `info` with a logger, `silent` without. */
export function resolveLogLevel(option: unknown, env: Readonly<Record<string, string | undefined>>, hasLogger: boolean): LogLevel {
  if (option !== undefined) return checkLevel('option `logLevel`', option);
  const fromEnv = env.SCLOUD_LOG;
  if (fromEnv !== undefined && fromEnv !== '') return checkLevel('env SCLOUD_LOG', fromEnv.toLowerCase());
  return hasLogger ? 'info' : 'silent';
}

function checkLevel(origin: string, v: unknown): LogLevel {
  if (typeof v === 'string' && Object.hasOwn(RANK, v)) return v as LogLevel;
  const got = typeof v === 'string' ? JSON.stringify(v.slice(0, 20)) : describeValue(v); // a level name, not a secret
  throw configError(origin, `must be one of debug, info, warn, error, silent, got ${got}`, 'use one of those or leave it unset');
}

/** Whether the user chose where log lines go (a logger, the logLevel option or env SCLOUD_LOG). */
export function logChosen(logger: Logger | undefined, logLevel: LogLevel | undefined, env: Readonly<Record<string, string | undefined>>): boolean {
  return logger !== undefined || logLevel !== undefined || (env.SCLOUD_LOG !== undefined && env.SCLOUD_LOG !== '');
}

/** A logger filtered to `level`; undefined when nothing would be logged (so callers skip building lines). */
export class LevelLog {
  readonly #logger: Logger;
  readonly #rank: number;

  private constructor(logger: Logger, level: LogLevel) {
    this.#logger = logger;
    this.#rank = RANK[level];
  }

  static create(logger: Logger | undefined, level: LogLevel): LevelLog | undefined {
    return level === 'silent' ? undefined : new LevelLog(logger ?? stderrLogger, level);
  }

  enabled(method: LogMethod): boolean {
    return RANK[method] >= this.#rank;
  }

  write(method: LogMethod, message: string, data?: Record<string, unknown>): void {
    if (RANK[method] >= this.#rank) this.#logger[method](message, data);
  }
}
