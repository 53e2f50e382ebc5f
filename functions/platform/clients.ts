// AWS SDK v3 clients, built once per container and shared. Endpoints come from the SDK's own
// AWS_ENDPOINT_URL_DYNAMODB / AWS_ENDPOINT_URL_SQS, so the local hub needs no special case here.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

// Fail fast when a service is unreachable: the sender is waiting for its ACK and will retry.
const requestHandler = { connectionTimeout: 1_000, requestTimeout: 5_000 };

let documentClient: DynamoDBDocumentClient | undefined;
let sqsClient: SQSClient | undefined;

export function dynamoDb(): DynamoDBDocumentClient {
  documentClient ??= DynamoDBDocumentClient.from(new DynamoDBClient({ requestHandler }), {
    marshallOptions: { removeUndefinedValues: true },
  });
  return documentClient;
}

export function sqs(): SQSClient {
  // Send to the configured endpoint, not the queue URL's host: the same on AWS, and locally the
  // emulator's queue URLs name a `*.localhost` host that does not resolve everywhere.
  sqsClient ??= new SQSClient({ requestHandler, useQueueUrlAsEndpoint: false });
  return sqsClient;
}
