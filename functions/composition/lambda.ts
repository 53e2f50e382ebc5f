// The composition root on AWS Lambda: the SDK's own clients and credentials, the system clock. Each
// entry point in functions/lambda/ reads its settings from the environment the CDK app wrote and
// wires its one function, once per container, at cold start.
import { createClients } from '../platform/clients.ts';
import { ackControlIds, systemClock } from '../platform/system.ts';
import type { Runtime } from './wiring.ts';

export function lambdaRuntime(): Runtime {
  return { clients: createClients(), clock: systemClock, ids: ackControlIds, random: Math.random };
}
