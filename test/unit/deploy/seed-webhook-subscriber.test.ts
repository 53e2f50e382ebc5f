// The deploy-time seeder of webhook subscribers (functions/deploy/seed-webhook-subscriber.ts):
// the secret comes from Secrets Manager into the item and nowhere else; a failed create leaves
// nothing to delete; a delete removes only what this resource wrote.
import type { CloudFormationCustomResourceEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import {
  type SeedDependencies,
  type SeedProperties,
  seedWebhookSubscriber,
} from '../../../functions/deploy/seed-webhook-subscriber.ts';

const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const ITEM = {
  pk: 'SUBSCRIBERS',
  sk: 'N81001',
  id: 'N81001',
  name: 'Example Street Surgery',
  events: ['admission'],
  delivery: { kind: 'webhook', url: 'https://gp.example.org/alerts' },
};
const PROPERTIES: SeedProperties = {
  TableName: 'registry',
  Item: JSON.stringify(ITEM),
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
  const table = new Map<string, Record<string, unknown>>();
  const deps: SeedDependencies = {
    readSecret: async (id) => (id === PROPERTIES.SecretId ? secret : undefined),
    put: async (_, item) => {
      table.set(String(item.sk), item);
    },
    removeWebhookSubscriber: async (_, key) => {
      table.delete(key.sk);
    },
  };
  return { table, deps };
}

describe('seedWebhookSubscriber', () => {
  it('writes the subscriber with its secret from Secrets Manager on create', async () => {
    const { table, deps } = fakes();

    const result = await seedWebhookSubscriber(event('Create'), deps);

    expect(result).toEqual({ status: 'SUCCESS', physicalResourceId: 'registry/SUBSCRIBERS/N81001' });
    expect(table.get('N81001')).toEqual({ ...ITEM, delivery: { ...ITEM.delivery, secret: SECRET } });
  });

  it('writes it again on update, keeping its physical id', async () => {
    const { table, deps } = fakes();
    const renamed = JSON.stringify({ ...ITEM, name: 'Renamed Surgery' });

    const result = await seedWebhookSubscriber(event('Update', { Item: renamed }), deps);

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

  it('refuses an item that is not a webhook subscriber without a secret', async () => {
    const { deps } = fakes();
    const withSecret = JSON.stringify({ ...ITEM, delivery: { ...ITEM.delivery, secret: 'whsec_x' } });

    expect((await seedWebhookSubscriber(event('Create', { Item: withSecret }), deps)).reason).toBe(
      'SeedError: Item is not a webhook subscriber without its secret',
    );
    expect((await seedWebhookSubscriber(event('Create', { Item: '{"pk":"X"}' }), deps)).reason).toBe(
      'SeedError: Item is not a subscriber (pk SUBSCRIBERS, sk its id)',
    );
  });

  it('deletes what it wrote on delete', async () => {
    const { table, deps } = fakes();
    await seedWebhookSubscriber(event('Create'), deps);

    const result = await seedWebhookSubscriber(event('Delete'), deps);

    expect(result.status).toBe('SUCCESS');
    expect(table.size).toBe(0);
  });

  it('deletes nothing when rolling back a create that wrote nothing', async () => {
    const { table, deps } = fakes();
    table.set('N81001', { ...ITEM, name: 'Added by hand' });

    const result = await seedWebhookSubscriber(
      event('Delete', {}, 'not-written/WebhookSubscriberN81001'),
      deps,
    );

    expect(result).toEqual({ status: 'SUCCESS', physicalResourceId: 'not-written/WebhookSubscriberN81001' });
    expect(table.get('N81001')?.name).toBe('Added by hand');
  });
});
