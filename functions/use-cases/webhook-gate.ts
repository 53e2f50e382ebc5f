// Whether the process step should try a subscriber's webhook itself, or queue the alert at once.
// After a failed first attempt, or a slow one, the subscriber's endpoint is given a rest (a short
// circuit breaker, per container): its alerts go straight to the webhook queue, which retries
// them with backoff and its own timeout, so one receiver that is down or slow cannot hold up the
// messages of every other subscriber (nor push a batch past the function's timeout).

/** A first attempt slower than this rests the receiver too. */
export const SLOW_FIRST_ATTEMPT_MS = 1_000;

export class WebhookGate {
  private readonly restingUntil = new Map<string, number>();

  constructor(private readonly restMs = 30_000) {}

  isOpen(subscriberId: string, now: Date): boolean {
    return (this.restingUntil.get(subscriberId) ?? 0) <= now.getTime();
  }

  failed(subscriberId: string, now: Date): void {
    this.restingUntil.set(subscriberId, now.getTime() + this.restMs);
  }

  succeeded(subscriberId: string, latencyMs: number, now: Date): void {
    if (latencyMs > SLOW_FIRST_ATTEMPT_MS) this.failed(subscriberId, now);
    else this.restingUntil.delete(subscriberId);
  }
}
