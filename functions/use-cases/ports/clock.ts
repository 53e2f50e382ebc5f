// Time and fresh ids: passed in, so that use cases are tested with a fixed clock.

export interface Clock {
  now(): Date;
}

export interface IdGenerator {
  /** A new MSH-10 for an ACK: unique, at most 20 characters (the v2.3/2.4 limit). */
  ackControlId(): string;
}
