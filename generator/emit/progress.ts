/** Progress on a terminal for runs longer than a second: one rewritten line on stderr, cleared at the end. */
export class Progress {
  private readonly start = performance.now();
  private shown = false;
  private last = 0;
  constructor(
    private readonly label: string,
    private readonly enabled = process.stderr.isTTY === true,
  ) {}

  tick(done: number, total: number): void {
    if (!this.enabled) return;
    const now = performance.now();
    if (now - this.start < 1000 || now - this.last < 100) return;
    this.last = now;
    this.shown = true;
    process.stderr.write(`\r${this.label} ${done}/${total} files`);
  }

  done(): void {
    if (this.shown) process.stderr.write('\r\x1b[K');
  }
}
