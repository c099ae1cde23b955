import type { Deps } from '../context.js';
import { sweepDue } from './sweep.service.js';

/**
 * Sweeps due clocks every `seconds` in this process. Runs never overlap within a process; across
 * processes, the sweep's row claims make each firing happen once.
 */
export function startSweeper(
  deps: Deps,
  seconds: number,
  onError: (error: unknown) => void,
): { stop(): Promise<void> } {
  if (seconds === 0) return { stop: () => Promise.resolve() };
  let running: Promise<void> | null = null;
  const tick = () => {
    if (running) return;
    running = sweepDue(deps)
      .then(() => undefined, onError)
      .finally(() => {
        running = null;
      });
  };
  const timer = setInterval(tick, seconds * 1000);
  timer.unref();
  tick();
  return {
    stop: async () => {
      clearInterval(timer);
      await running;
    },
  };
}
