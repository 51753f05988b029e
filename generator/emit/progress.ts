/** Progress on a terminal for runs longer than a second: one rewritten line on stderr, cleared at the end. */
export class Progress {
  private readonly start = performance.now();
  private shown = false;
  private last = 0;
  constructor(private readonly label: string, private readonly enabled = process.stderr.isTTY === true) {}

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

/** For a stage without ticks (parsing): after a second on a terminal, show `label...` until it ends. */
export async function withStageProgress<T>(label: string, work: Promise<T>): Promise<T> {
  if (process.stderr.isTTY !== true) return work;
  let shown = false;
  const timer = setTimeout(() => {
    shown = true;
    process.stderr.write(`\r${label}...`);
  }, 1000);
  try {
    return await work;
  } finally {
    clearTimeout(timer);
    if (shown) process.stderr.write('\r\x1b[K');
  }
}
