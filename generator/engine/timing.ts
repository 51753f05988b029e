/**
 * Stage timings for benchmarks and profiling: `SCLOUD_GEN_TIMING=1` prints one line per stage (wall, this
 * thread's CPU, and the process's peak resident memory so far) to stderr at the end of a run. Off by default;
 * costs nothing when off.
 */
import { appliedV8Flags } from '../speed/v8-tuning.js';

const enabled = process.env.SCLOUD_GEN_TIMING === '1';
const marks: [string, number, number, number][] = [];
let last = { wall: performance.now(), cpu: process.cpuUsage() };

/** Ends the current stage under `name`. */
export function lap(name: string): void {
  if (!enabled) return;
  const wall = performance.now();
  const cpu = process.cpuUsage(last.cpu);
  marks.push([name, wall - last.wall, (cpu.user + cpu.system) / 1000, process.resourceUsage().maxRSS / 1024]);
  last = { wall, cpu: process.cpuUsage() };
}

/** Prints the stages measured so far (when enabled). */
export function printTimings(): void {
  if (!enabled || marks.length === 0) return;
  const rows = marks.map(([n, w, c, m]) => `${n} ${w.toFixed(0)} ms (cpu ${c.toFixed(0)} ms, peak ${m.toFixed(0)} MiB)`);
  const v8 = appliedV8Flags();
  process.stderr.write(`timing: ${rows.join(', ')}; v8 ${v8.length > 0 ? v8.join(' ') : 'untuned'}\n`);
  marks.length = 0;
}
