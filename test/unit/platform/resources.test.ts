// The environment lookups beside the resource definitions.
import { describe, expect, it } from 'vitest';
import {
  MESSAGE_RETENTION_DAYS,
  messageRetentionDays,
  subscriberDeadLetterQueueName,
  subscriberQueueName,
} from '../../../functions/platform/resources.ts';

describe('messageRetentionDays', () => {
  it('is the deployment’s setting, else the default', () => {
    expect(messageRetentionDays({ ADT_HUB_MESSAGE_RETENTION_DAYS: '90' })).toBe(90);
    expect(messageRetentionDays({})).toBe(MESSAGE_RETENTION_DAYS);
    expect(messageRetentionDays({ ADT_HUB_MESSAGE_RETENTION_DAYS: '' })).toBe(MESSAGE_RETENTION_DAYS);
  });

  it('refuses what is not a whole number of days, by the variable’s name', () => {
    for (const bad of ['0', '-3', '2.5', 'thirty'])
      expect(() => messageRetentionDays({ ADT_HUB_MESSAGE_RETENTION_DAYS: bad })).toThrow(
        `ADT_HUB_MESSAGE_RETENTION_DAYS must be a whole number of days (got '${bad}')`,
      );
  });
});

describe('subscriber queue names', () => {
  it('are FIFO, safe for SQS, and the dead-letter queue sits beside its queue', () => {
    expect(subscriberQueueName('prod', 'sc north')).toBe('adt-hub-prod-subscriber-sc-north.fifo');
    expect(subscriberDeadLetterQueueName('prod', 'sc north')).toBe(
      'adt-hub-prod-subscriber-sc-north-dlq.fifo',
    );
  });
});
