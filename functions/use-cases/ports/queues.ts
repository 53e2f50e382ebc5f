// The hub's queues as an operator watches them: what waits, what is in flight, what was given up on.

export interface QueueDepth {
  name: string;
  waiting: number;
  inFlight: number;
  deadLetters: number;
}

export interface QueueMonitor {
  depths(): Promise<QueueDepth[]>;
}
