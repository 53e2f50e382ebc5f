// Whether the process step should try a subscriber's webhook itself, or queue the alert at once.
// After a failed first attempt the subscriber's endpoint is given a rest (a short circuit breaker,
// per container), so one receiver that is down or slow cannot hold up every other message: its
// alerts go straight to the webhook queue, which retries them with backoff.

export class WebhookGate {
  private readonly restingUntil = new Map<string, number>();

  constructor(private readonly restMs = 30_000) {}

  isOpen(subscriberId: string, now: Date): boolean {
    return (this.restingUntil.get(subscriberId) ?? 0) <= now.getTime();
  }

  failed(subscriberId: string, now: Date): void {
    this.restingUntil.set(subscriberId, now.getTime() + this.restMs);
  }

  succeeded(subscriberId: string): void {
    this.restingUntil.delete(subscriberId);
  }
}
