import type { Deps } from '../context.js';
import { sweepDue } from './sweep.service.js';
import { detectHotspots } from '../hotspots/hotspots.service.js';

/** Hotspot mining reads weeks of cases; once every few minutes is early enough for a warning. */
const HOTSPOT_EVERY_MS = 5 * 60_000;

/**
 * Sweeps due clocks every `seconds` in this process, and looks for hotspots at most every five
 * minutes. Runs never overlap within a process; across
 * processes, the sweep's row claims make each firing happen once.
 */
export function startSweeper(
  deps: Deps,
  seconds: number,
  onError: (error: unknown) => void,
): { stop(): Promise<void> } {
  if (seconds === 0) return { stop: () => Promise.resolve() };
  let running: Promise<void> | null = null;
  let hotspotsAt = Number.NEGATIVE_INFINITY;
  const hotspots = async () => {
    const now = +deps.clock.now();
    if (now - hotspotsAt < HOTSPOT_EVERY_MS) return;
    hotspotsAt = now;
    await detectHotspots(deps);
  };
  const tick = () => {
    if (running) return;
    running = sweepDue(deps)
      .then(() => undefined, onError)
      // Hotspot detection after the clocks; its failure is reported and never stops the sweeping.
      .then(hotspots)
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
