import { log } from '../logger';
import type { EventBus } from './bus';
import { every } from './periodic';

export interface Pruner {
  stop(): void;
}

/**
 * Deletes events older than `retentionHours` from the log now and then every `intervalMs`
 * (default hourly). Safe to run on every hub instance at once: prune is one transaction and
 * `pruned_through` only ever grows. A failure (database away) is logged and retried next time.
 */
export function startPruner(bus: EventBus, retentionHours: number, intervalMs = 60 * 60 * 1000): Pruner {
  return every('pruning the event log', intervalMs, async () => {
    const deleted = await bus.prune(retentionHours);
    if (deleted) log.info('pruned the event log', { deleted, retentionHours });
  });
}
