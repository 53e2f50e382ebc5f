// The ingest use case's dependencies on AWS (or the local hub), shared by the HTTP handler and the
// MLLP listener so both take messages in the same way.
import { DynamoDbMessageStore } from '../adapters/dynamodb/message-store.ts';
import { SqsIngestQueue } from '../adapters/sqs/ingest-queue.ts';
import type { IngestDependencies } from '../use-cases/ingest.ts';
import { dynamoDb, sqs } from './clients.ts';
import { requireEnv } from './env.ts';
import { ackControlIds, systemClock } from './ids.ts';
import { INGEST_QUEUE, MESSAGES_TABLE, messageRetentionDays } from './resources.ts';

export function ingestDependencies(): IngestDependencies {
  return {
    store: new DynamoDbMessageStore(dynamoDb(), requireEnv(MESSAGES_TABLE.envVar)),
    queue: new SqsIngestQueue(sqs(), requireEnv(INGEST_QUEUE.envVar)),
    clock: systemClock,
    ids: ackControlIds,
    retentionDays: messageRetentionDays(),
  };
}
