// What the use cases need from the outside world, one file per aggregate. Adapters implement
// these, exactly: DynamoDB, SQS and HTTP in functions/adapters/, in-memory fakes beside them.
export type * from './alerts.ts';
export type * from './audit.ts';
export type * from './clock.ts';
export type * from './messages.ts';
export type * from './people.ts';
export type * from './queues.ts';
export type * from './review.ts';
export type * from './rosters.ts';
export type * from './senders.ts';
export type * from './subscribers.ts';
export * from './webhooks.ts';
