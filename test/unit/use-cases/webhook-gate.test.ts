// The rest the process step gives a receiver that failed or was slow at a first attempt.
import { describe, expect, it } from 'vitest';
import { SLOW_FIRST_ATTEMPT_MS, WebhookGate } from '../../../functions/use-cases/webhook-gate.ts';

const at = (seconds: number) => new Date(Date.UTC(2026, 10, 20, 12, 0, seconds));

describe('WebhookGate', () => {
  it('is open for a receiver it knows nothing about, and stays open after a quick success', () => {
    const gate = new WebhookGate(30_000);
    gate.succeeded('GP', 200, at(0));
    expect(gate.isOpen('GP', at(0))).toBe(true);
  });

  it('rests a receiver for 30 s after a failure, and only that receiver', () => {
    const gate = new WebhookGate(30_000);
    gate.failed('GP', at(0));

    expect(gate.isOpen('GP', at(29))).toBe(false);
    expect(gate.isOpen('SC', at(1))).toBe(true);
    expect(gate.isOpen('GP', at(30))).toBe(true);
  });

  it('rests a receiver that answered, but slowly', () => {
    const gate = new WebhookGate(30_000);
    gate.succeeded('GP', SLOW_FIRST_ATTEMPT_MS + 1, at(0));

    expect(gate.isOpen('GP', at(10))).toBe(false);
  });
});
