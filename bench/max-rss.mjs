// Loaded with `node --import` by the benchmarks: writes the process's peak resident memory (KiB, worker threads
// included) to $MAX_RSS_FILE when it exits.
import { writeFileSync } from 'node:fs';

const file = process.env.MAX_RSS_FILE;
if (file) process.on('exit', () => writeFileSync(file, String(process.resourceUsage().maxRSS)));
