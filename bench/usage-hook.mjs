// Loaded with `node --import` by the benchmarks (bench/workdir.ts `timedProcess`): writes the process's peak
// resident memory (KiB) and CPU time (user + system, ms), worker threads included, to $USAGE_FILE as JSON when it
// exits.
import { writeFileSync } from 'node:fs';

const file = process.env.USAGE_FILE;
if (file)
  process.on('exit', () => {
    const u = process.resourceUsage();
    writeFileSync(file, JSON.stringify({ rssKb: u.maxRSS, cpuMs: (u.userCPUTime + u.systemCPUTime) / 1000 }));
  });
