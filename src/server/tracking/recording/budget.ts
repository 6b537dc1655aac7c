// How many hits of one email are kept as events (issue 19, finding 6): anyone holding one tracked email could
// otherwise fetch its pixel thousands of times a second, filling the store and faking engagement. Within a UTC day,
// an email keeps the first PER_SOURCE hits from one source (a /24 or /48, as events store it) and the first
// PER_EMAIL from all sources; the rest are answered as usual and summarised (tracking_overflow). A real send never
// comes near either: a recipient opens an email a few dozen times at most, and a tracked email has a handful of
// recipients. Counts are per process and start afresh at midnight UTC and on restart: a bound on growth, not an
// exact quota (several instances each keep their own).
export const HIT_BUDGET = {
  perSource: 500,
  perEmail: 2000,
  /** A person's open from the source and agent of their last one, within this, counts once as a person open. */
  repeatOpenMs: 5 * 60_000,
} as const;

/** Past this many sources tracked in a day, new sources are bounded only by their email's budget (memory bound). */
const MAX_SOURCES = 200_000;
const DAY_MS = 86_400_000;

/** '' names the email's own budget in a summary; a source names the address whose budget ran out. */
export const MANY_SOURCES = '';

export class HitBudget {
  private day = Number.NaN;
  private perEmail = new Map<number, number>();
  private perSource = new Map<string, number>();
  private lastPersonOpen = new Map<string, number>();

  /** Counts a hit; returns null when it is kept as an event, or the source its summary goes under. */
  spend(intentId: number, source: string, at: number): string | null {
    this.rollOver(at);
    const key = `${intentId}|${source}`;
    const fromSource = this.perSource.get(key) ?? 0;
    if (fromSource >= HIT_BUDGET.perSource) return source;
    const all = this.perEmail.get(intentId) ?? 0;
    if (all >= HIT_BUDGET.perEmail) return MANY_SOURCES;
    if (this.perSource.has(key) || this.perSource.size < MAX_SOURCES) this.perSource.set(key, fromSource + 1);
    this.perEmail.set(intentId, all + 1);
    return null;
  }

  /**
   * Whether a person's open repeats one from the same client (source and agent) within the window: then it is not
   * another person open. The agent too, so that two readers behind one address (an office, a mail proxy) with
   * different clients still count as two.
   */
  repeatedOpen(intentId: number, source: string, agent: string, at: number): boolean {
    const key = `${intentId}|${source}|${agent}`;
    const last = this.lastPersonOpen.get(key);
    if (last !== undefined && at - last < HIT_BUDGET.repeatOpenMs) return true;
    if (last !== undefined || this.lastPersonOpen.size < MAX_SOURCES) this.lastPersonOpen.set(key, at);
    return false;
  }

  private rollOver(at: number): void {
    const day = Math.floor(at / DAY_MS);
    if (day === this.day) return;
    this.day = day;
    this.perEmail.clear();
    this.perSource.clear();
    // Opens of the last window before midnight still count as repeats just after it.
    for (const [key, last] of this.lastPersonOpen)
      if (at - last >= HIT_BUDGET.repeatOpenMs) this.lastPersonOpen.delete(key);
  }
}
