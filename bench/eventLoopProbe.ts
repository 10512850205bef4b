// Preloaded into a benchmarked process with `node --import`, so the API is measured
// without a line of benchmark code in server/. The harness preloads the plain-JS
// transpilation of this file (lib/processes.ts says why).
// Over the IPC channel the harness opened, it answers:
//   { probe: 'reset' } → clears the event-loop delay histogram (between rows)
//   { probe: 'read' }  → { probe: 'stats', eventLoopP99Ms, eventLoopMaxMs, rssBytes, heapUsedBytes }
// Without an IPC channel (started by hand) it does nothing.
import { monitorEventLoopDelay } from 'node:perf_hooks';

export interface ProbeStats {
  probe: 'stats';
  eventLoopP99Ms: number;
  eventLoopMaxMs: number;
  rssBytes: number;
  heapUsedBytes: number;
}

const send = process.send?.bind(process);
if (send) {
  const histogram = monitorEventLoopDelay({ resolution: 5 });
  histogram.enable();
  const ms = (ns: number) => Math.round(ns / 1e4) / 100;
  process.on('message', (message: unknown) => {
    const probe = typeof message === 'object' && message !== null && 'probe' in message ? message.probe : null;
    if (probe === 'reset') {
      histogram.reset();
      send({ probe: 'reset-done' });
    } else if (probe === 'read') {
      const { rss, heapUsed } = process.memoryUsage();
      const stats: ProbeStats = {
        probe: 'stats',
        eventLoopP99Ms: ms(histogram.percentile(99)),
        eventLoopMaxMs: ms(histogram.max),
        rssBytes: rss,
        heapUsedBytes: heapUsed,
      };
      send(stats);
    }
  });
  // The channel must not keep a process alive that would otherwise exit (a failed start, a shutdown).
  process.channel?.unref();
}
