// Starts DynamoDB Local and the local SQS server once per test run; each test file then starts
// its own local hub on them under a deployment name of its own.
import type { TestProject } from 'vitest/node';
import { startDynamoDbLocal } from '../../local/emulators/dynamodb-local.ts';
import { startLocalSqs } from '../../local/emulators/sqs.ts';
import type { Emulators } from '../../local/hub.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    emulators: Emulators;
  }
}

export default async function setup(project: TestProject) {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  const [dynamodb, sqs] = await Promise.all([startDynamoDbLocal(), startLocalSqs()]);
  project.provide('emulators', { dynamodbEndpoint: dynamodb.endpoint, sqsEndpoint: sqs.endpoint });
  return async () => {
    await Promise.all([dynamodb.stop(), sqs.stop()]);
  };
}
