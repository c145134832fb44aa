/**
 * Preloaded into a CLI run by the bench (`node -r dist/bench/cli-probe.js dist/bin/vend.js …`):
 * when the process exits it writes its peak RSS (worker threads included) and CPU seconds to the
 * file named by VEND_BENCH_PROBE. It changes nothing else about the run.
 */
import { writeFileSync } from 'node:fs';

const target = process.env.VEND_BENCH_PROBE;
if (target) {
  process.on('exit', (code) => {
    const cpu = process.cpuUsage();
    const probe = {
      exitCode: code,
      cpuSeconds: Math.round((cpu.user + cpu.system) / 1e3) / 1e3,
      peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
    };
    writeFileSync(target, JSON.stringify(probe) + '\n');
  });
}
