// A clock the test moves by hand: use cases take a Clock, so time is the test's to decide.
import type { Clock } from '../../functions/use-cases/ports/index.ts';

export class TestClock implements Clock {
  private at: number;

  constructor(start: string | Date = '2026-11-20T12:00:00.000Z') {
    this.at = new Date(start).getTime();
  }

  now(): Date {
    return new Date(this.at);
  }

  advance(ms: number): void {
    this.at += ms;
  }
}
