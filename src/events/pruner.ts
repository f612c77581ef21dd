import { log } from '../logger';
import type { EventBus } from './bus';

export interface Pruner {
  stop(): void;
}

/**
 * Deletes events older than `retentionHours` from the log now and then every `intervalMs`
 * (default hourly). Safe to run on every hub instance at once: prune is one transaction and
 * `pruned_through` only ever grows. A failure (database away) is logged and retried next time.
 */
export function startPruner(bus: EventBus, retentionHours: number, intervalMs = 60 * 60 * 1000): Pruner {
  let running = false;
  let stopped = false;
  const run = async () => {
    if (running || stopped) return;
    running = true;
    try {
      const deleted = await bus.prune(retentionHours);
      if (deleted) log.info('pruned the event log', { deleted, retentionHours });
    } catch (err) {
      log.warn('pruning the event log failed; will retry', { err: (err as Error).message });
    } finally {
      running = false;
    }
  };
  const first = setTimeout(() => void run(), Math.min(intervalMs, 10_000));
  first.unref();
  const timer = setInterval(() => void run(), intervalMs);
  timer.unref();
  return {
    stop: () => {
      stopped = true;
      clearTimeout(first);
      clearInterval(timer);
    },
  };
}
