// The items the deployment seeds (lib/registry-items.ts): the fields the ports declare for a
// Sender and a SubscriberRecord, keyed as the DynamoDB adapters key them, and DynamoDB's JSON for
// them as the document client would write it.
import { describe, expect, it } from 'vitest';
import type { Sender, SubscriberRecord } from '../../functions/use-cases/ports/index.ts';
import type { SenderConfig, SubscriberConfig } from '../../lib/config/index.ts';
import { senderItem, subscriberItem, toAttributeMap } from '../../lib/registry-items.ts';

const SENDER: SenderConfig = {
  id: 'rbn-pas',
  name: 'Example Hospital PAS',
  facilities: ['RBN'],
  keyHash: 'a'.repeat(64),
  networks: ['192.0.2.0/24'],
};

const SQS_SUBSCRIBER: SubscriberConfig = {
  id: 'sc-north',
  name: 'North team',
  events: ['admission', 'discharge'],
  delivery: { kind: 'sqs', consumerAccounts: ['444455556666'] },
};

const WEBHOOK_SUBSCRIBER: SubscriberConfig = {
  id: 'N81001',
  name: 'Example Street Surgery',
  events: ['admission'],
  practice: 'N81001',
  delivery: { kind: 'webhook', url: 'https://gp.example.org/alerts', secretName: 'adt-hub/N81001' },
};

describe('a sender item', () => {
  it('is what DynamoDbSenderDirectory.register writes: keyHash, the Sender fields and its name', () => {
    const item = senderItem(SENDER);
    // Every field the Sender port declares, typed as one.
    const sender: Sender = item;

    expect(Object.keys(sender).sort()).toEqual(['facilities', 'keyHash', 'name', 'senderId']);
    expect(item).toEqual({
      keyHash: 'a'.repeat(64),
      senderId: 'rbn-pas',
      name: 'Example Hospital PAS',
      facilities: ['RBN'],
    });
  });

  it('leaves out a name the configuration does not give', () => {
    expect(senderItem({ ...SENDER, name: undefined })).not.toHaveProperty('name');
  });
});

describe('a subscriber item', () => {
  it('is keyed pk SUBSCRIBERS, sk its id, with every SubscriberRecord field and its queue URL', () => {
    const item = subscriberItem(SQS_SUBSCRIBER, 'https://sqs.eu-west-2.amazonaws.com/111122223333/q.fifo');
    const { pk, sk, ...fields } = item;
    // What DynamoDbSubscriberDirectory.list returns once pk and sk are dropped.
    const record: SubscriberRecord = fields as SubscriberRecord;

    expect({ pk, sk }).toEqual({ pk: 'SUBSCRIBERS', sk: 'sc-north' });
    expect(record).toEqual({
      id: 'sc-north',
      name: 'North team',
      events: ['admission', 'discharge'],
      delivery: { kind: 'sqs', queueUrl: 'https://sqs.eu-west-2.amazonaws.com/111122223333/q.fifo' },
    });
  });

  it('carries a webhook subscriber’s URL and practice but not its secret, which the seeder adds', () => {
    const item = subscriberItem(WEBHOOK_SUBSCRIBER);

    expect(item).toEqual({
      pk: 'SUBSCRIBERS',
      sk: 'N81001',
      id: 'N81001',
      name: 'Example Street Surgery',
      events: ['admission'],
      practice: 'N81001',
      delivery: { kind: 'webhook', url: 'https://gp.example.org/alerts' },
    });
    const withSecret: SubscriberRecord = {
      ...item,
      delivery: { ...item.delivery, secret: 'whsec_x' },
    } as SubscriberRecord;
    expect(Object.keys(withSecret.delivery ?? {}).sort()).toEqual(['kind', 'secret', 'url']);
  });

  it('needs the queue URL of an SQS subscriber', () => {
    expect(() => subscriberItem(SQS_SUBSCRIBER)).toThrow(
      'subscriber sc-north receives by SQS: its queue URL is needed',
    );
  });
});

describe("DynamoDB's JSON", () => {
  it('writes strings, numbers, booleans, lists and maps as the document client does, leaving out undefined', () => {
    expect(
      toAttributeMap({ s: 'x', n: 3, b: true, l: ['a'], m: { k: 'v', gone: undefined }, gone: undefined }),
    ).toEqual({
      s: { S: 'x' },
      n: { N: '3' },
      b: { BOOL: true },
      l: { L: [{ S: 'a' }] },
      m: { M: { k: { S: 'v' } } },
    });
  });

  it('refuses what DynamoDB cannot hold', () => {
    expect(() => toAttributeMap({ nothing: null })).toThrow('cannot store null in DynamoDB');
  });
});
