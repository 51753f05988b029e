/** One CLI command: its module lives in generator/cli/commands/<name>.ts and exports it as `command`. */
export interface Command {
  name: string;
  summary: string;
  usage: string;
  run(argv: string[]): Promise<number>;
}
