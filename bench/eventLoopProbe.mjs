// Preloaded into a benchmarked process with `node --import ./bench/eventLoopProbe.mjs`,
// so the API is measured without a line of benchmark code in server/.
// Over the IPC channel the harness opened, it answers:
//   { probe: 'reset' } → clears the event-loop delay histogram (between rows)
//   { probe: 'read' }  → { probe: 'stats', eventLoopP99Ms, eventLoopMaxMs, rssBytes, heapUsedBytes }
// Without an IPC channel (started by hand) it does nothing.
import { monitorEventLoopDelay } from 'node:perf_hooks';

if (typeof process.send === 'function') {
  const histogram = monitorEventLoopDelay({ resolution: 5 });
  histogram.enable();
  const ms = (ns) => Math.round(ns / 1e4) / 100;
  process.on('message', (message) => {
    if (message?.probe === 'reset') {
      histogram.reset();
      process.send({ probe: 'reset-done' });
    } else if (message?.probe === 'read') {
      const { rss, heapUsed } = process.memoryUsage();
      process.send({
        probe: 'stats',
        eventLoopP99Ms: ms(histogram.percentile(99)),
        eventLoopMaxMs: ms(histogram.max),
        rssBytes: rss,
        heapUsedBytes: heapUsed,
      });
    }
  });
  // The channel must not keep a process alive that would otherwise exit (a failed start, a shutdown).
  process.channel?.unref();
}
