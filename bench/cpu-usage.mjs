// Loaded with `node --import` by bench/floor.ts: writes the process's CPU time (user + system, ms, worker threads
// included) to $CPU_USAGE_FILE when it exits.
import { writeFileSync } from 'node:fs';

const file = process.env.CPU_USAGE_FILE;
if (file) process.on('exit', () => {
  const u = process.resourceUsage();
  writeFileSync(file, String((u.userCPUTime + u.systemCPUTime) / 1000));
});
