// The deploy-time seeder of webhook subscribers (functions/deploy/seed-webhook-subscriber.ts):
// the secret comes from Secrets Manager into the subscriber directory and nowhere else; a failed
// create leaves nothing to delete; a delete removes only what this resource wrote, and only while it
// is still a webhook subscriber.
import type { CloudFormationCustomResourceEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { InMemorySubscriberDirectory } from '../../../functions/adapters/memory/subscribers.ts';
import {
  type SeedDependencies,
  type SeedProperties,
  seedWebhookSubscriber,
} from '../../../functions/deploy/seed-webhook-subscriber.ts';

const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const SUBSCRIBER = {
  id: 'N81001',
  name: 'Example Street Surgery',
  events: ['admission' as const],
  delivery: { kind: 'webhook' as const, url: 'https://gp.example.org/alerts' },
};
const PROPERTIES: SeedProperties = {
  TableName: 'registry',
  Subscriber: JSON.stringify(SUBSCRIBER),
  SecretId: 'adt-hub/N81001',
};

function event(
  requestType: 'Create' | 'Update' | 'Delete',
  properties: Partial<SeedProperties> = {},
  physicalResourceId = 'registry/SUBSCRIBERS/N81001',
): CloudFormationCustomResourceEvent {
  const common = {
    ServiceToken: 'arn:aws:lambda:eu-west-2:111122223333:function:seeder',
    ResponseURL: 'https://cloudformation-response.example.org/',
    StackId: 'stack',
    RequestId: 'request',
    LogicalResourceId: 'WebhookSubscriberN81001',
    ResourceType: 'Custom::AdtHubWebhookSubscriber',
    ResourceProperties: { ServiceToken: 'token', ...PROPERTIES, ...properties },
  };
  if (requestType === 'Create') return { ...common, RequestType: 'Create' };
  if (requestType === 'Update') {
    return {
      ...common,
      RequestType: 'Update',
      PhysicalResourceId: physicalResourceId,
      OldResourceProperties: { ServiceToken: 'token' },
    };
  }
  return { ...common, RequestType: 'Delete', PhysicalResourceId: physicalResourceId };
}

function fakes(secret: string | undefined = SECRET) {
  const directory = new InMemorySubscriberDirectory();
  const deps: SeedDependencies = {
    readSecret: async (id) => (id === PROPERTIES.SecretId ? secret : undefined),
    subscribers: (tableName) => {
      expect(tableName).toBe(PROPERTIES.TableName);
      return directory;
    },
  };
  const table = {
    get: (id: string) => directory.subscribers.find((s) => s.id === id),
    get size() {
      return directory.subscribers.length;
    },
  };
  return { table, directory, deps };
}

describe('seedWebhookSubscriber', () => {
  it('writes the subscriber with its secret from Secrets Manager on create', async () => {
    const { table, deps } = fakes();

    const result = await seedWebhookSubscriber(event('Create'), deps);

    expect(result).toEqual({ status: 'SUCCESS', physicalResourceId: 'registry/SUBSCRIBERS/N81001' });
    expect(table.get('N81001')).toEqual({
      ...SUBSCRIBER,
      delivery: { ...SUBSCRIBER.delivery, secret: SECRET },
    });
  });

  it('writes it again on update, keeping its physical id', async () => {
    const { table, deps } = fakes();
    const renamed = JSON.stringify({ ...SUBSCRIBER, name: 'Renamed Surgery' });

    const result = await seedWebhookSubscriber(event('Update', { Subscriber: renamed }), deps);

    expect(result.physicalResourceId).toBe('registry/SUBSCRIBERS/N81001');
    expect(table.get('N81001')?.name).toBe('Renamed Surgery');
  });

  it('fails without writing, and without the value in its reason, when the secret is not whsec_', async () => {
    const { table, deps } = fakes('not-a-webhook-secret');

    const result = await seedWebhookSubscriber(event('Create'), deps);

    expect(result).toEqual({
      status: 'FAILED',
      physicalResourceId: 'not-written/WebhookSubscriberN81001',
      reason:
        'SeedError: Secret adt-hub/N81001 must hold a Standard Webhooks secret as plain text: whsec_ + base64',
    });
    expect(table.size).toBe(0);
  });

  it('fails when Secrets Manager cannot be read, keeping the physical id of an update', async () => {
    const { deps } = fakes();
    deps.readSecret = async () => {
      throw Object.assign(new Error('Secrets Manager can’t find the specified secret.'), {
        name: 'ResourceNotFoundException',
      });
    };

    const result = await seedWebhookSubscriber(event('Update'), deps);

    expect(result).toEqual({
      status: 'FAILED',
      physicalResourceId: 'registry/SUBSCRIBERS/N81001',
      reason: 'ResourceNotFoundException: Secrets Manager can’t find the specified secret.',
    });
  });

  it('refuses what is not a webhook subscriber without a secret', async () => {
    const { deps } = fakes();
    const withSecret = JSON.stringify({
      ...SUBSCRIBER,
      delivery: { ...SUBSCRIBER.delivery, secret: 'whsec_x' },
    });

    expect((await seedWebhookSubscriber(event('Create', { Subscriber: withSecret }), deps)).reason).toBe(
      'SeedError: Subscriber is not a webhook subscriber without its secret',
    );
    expect((await seedWebhookSubscriber(event('Create', { Subscriber: '{"pk":"X"}' }), deps)).reason).toBe(
      'SeedError: Subscriber is not a subscriber (an id and its events)',
    );
  });

  it('deletes what it wrote on delete', async () => {
    const { table, deps } = fakes();
    await seedWebhookSubscriber(event('Create'), deps);

    const result = await seedWebhookSubscriber(event('Delete'), deps);

    expect(result.status).toBe('SUCCESS');
    expect(table.size).toBe(0);
  });

  it('leaves a subscriber the configuration has since made an SQS one', async () => {
    const { table, directory, deps } = fakes();
    await seedWebhookSubscriber(event('Create'), deps);
    await directory.add({ ...SUBSCRIBER, delivery: { kind: 'sqs', queueUrl: 'https://sqs.example/q.fifo' } });

    const result = await seedWebhookSubscriber(event('Delete'), deps);

    expect(result.status).toBe('SUCCESS');
    expect(table.get('N81001')?.delivery?.kind).toBe('sqs');
  });

  it('deletes nothing when rolling back a create that wrote nothing', async () => {
    const { table, directory, deps } = fakes();
    await directory.add({
      ...SUBSCRIBER,
      name: 'Added by hand',
      delivery: { ...SUBSCRIBER.delivery, secret: SECRET },
    });

    const result = await seedWebhookSubscriber(
      event('Delete', {}, 'not-written/WebhookSubscriberN81001'),
      deps,
    );

    expect(result).toEqual({ status: 'SUCCESS', physicalResourceId: 'not-written/WebhookSubscriberN81001' });
    expect(table.get('N81001')?.name).toBe('Added by hand');
  });
});
