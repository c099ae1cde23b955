/**
 * Failed logins per client address in a sliding window, kept in the process. Past the limit the
 * address answers 429 until the window moves on. The per-account lock (5 failures, 15 minutes)
 * lives in the database and holds across processes.
 */
export class LoginThrottle {
  private readonly failures = new Map<string, number[]>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
  ) {}

  blocked(ip: string, now: number): boolean {
    return this.recent(ip, now).length >= this.limit;
  }

  recordFailure(ip: string, now: number): void {
    const list = this.recent(ip, now);
    list.push(now);
    this.failures.set(ip, list);
    if (this.failures.size > 10_000) this.prune(now);
  }

  private recent(ip: string, now: number): number[] {
    return (this.failures.get(ip) ?? []).filter((t) => now - t < this.windowMs);
  }

  private prune(now: number): void {
    for (const [ip, list] of this.failures) {
      const kept = list.filter((t) => now - t < this.windowMs);
      if (kept.length === 0) this.failures.delete(ip);
      else this.failures.set(ip, kept);
    }
  }
}
