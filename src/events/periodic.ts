import { asBackground } from '../db/data-source';
import { log } from '../logger';

export interface Periodic {
  stop(): void;
}

/**
 * Runs `task` soon after start (within 10 s) and then every `intervalMs`, never two at once on
 * this instance; a failure (the database away) is logged and retried next time. Timers are
 * unref'd, so they never keep a stopping process alive. For housekeeping such as pruning.
 */
export function every(what: string, intervalMs: number, task: () => Promise<void>): Periodic {
  let running = false;
  let stopped = false;
  const run = async () => {
    if (running || stopped) return;
    running = true;
    try {
      await asBackground(task);
    } catch (err) {
      log.warn(`${what} failed; will retry`, { err: (err as Error).message });
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
