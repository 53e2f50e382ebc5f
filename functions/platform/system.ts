// The real clock and id source behind the Clock and IdGenerator ports.
import { randomBytes } from 'node:crypto';
import type { Clock, IdGenerator } from '../use-cases/ports/index.ts';

export const systemClock: Clock = { now: () => new Date() };

export const ackControlIds: IdGenerator = {
  // `A` + 19 hex characters (76 random bits): unique, and within the 20-character MSH-10 of v2.3/2.4.
  ackControlId: () => `A${randomBytes(10).toString('hex').slice(0, 19).toUpperCase()}`,
};
