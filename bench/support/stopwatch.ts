/** Accumulates the time spent in named sections of a run, for a breakdown next to the headline figure. */
export class Stopwatch {
  private readonly totals = new Map<string, number>();

  async time<T>(section: string, work: () => Promise<T>): Promise<T> {
    const started = performance.now();
    try {
      return await work();
    } finally {
      this.add(section, performance.now() - started);
    }
  }

  add(section: string, ms: number): void {
    this.totals.set(section, (this.totals.get(section) ?? 0) + ms);
  }

  /** Milliseconds per section, and each section's share of `wallMs`. */
  breakdown(wallMs: number): Record<string, { ms: number; share: string }> {
    return Object.fromEntries(
      [...this.totals].map(([section, ms]) => [
        section,
        { ms: Math.round(ms), share: `${((100 * ms) / wallMs).toFixed(0)} %` },
      ]),
    );
  }
}
