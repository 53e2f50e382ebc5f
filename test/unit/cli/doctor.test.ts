// adt-hub doctor's reading of an alarm topic's subscriptions (SNS ListSubscriptionsByTopic): the
// alarms reach someone only when every subscription is confirmed, and there is one.
import { describe, expect, it } from 'vitest';
import { alarmVerdict } from '../../../cli/doctor.ts';

const TOPIC = 'arn:aws:sns:eu-west-2:111122223333:adt-hub-prod-alarms';

describe('alarm destinations', () => {
  it('pass when every subscription is confirmed', () => {
    expect(
      alarmVerdict(TOPIC, [
        { SubscriptionArn: `${TOPIC}:5f0c…`, Protocol: 'email', Endpoint: 'ops@example.org' },
        { SubscriptionArn: `${TOPIC}:9a1b…`, Protocol: 'https', Endpoint: 'https://pager.example.org/sns' },
      ]),
    ).toEqual({
      check: 'alarm destinations',
      status: 'ok',
      detail: 'adt-hub-prod-alarms: 2 confirmed (email:ops@example.org, https:https://pager.example.org/sns)',
    });
  });

  it('fail while an e-mail subscription waits for its confirmation link to be clicked', () => {
    const verdict = alarmVerdict(TOPIC, [
      { SubscriptionArn: 'PendingConfirmation', Protocol: 'email', Endpoint: 'ops@example.org' },
      {
        SubscriptionArn: `${TOPIC}:9a1b…`,
        Protocol: 'sqs',
        Endpoint: 'arn:aws:sqs:eu-west-2:111122223333:pager',
      },
    ]);

    expect(verdict.status).toBe('fail');
    expect(verdict.detail).toBe(
      'adt-hub-prod-alarms: 1 subscription(s) pending confirmation (email:ops@example.org): click the link in AWS\'s "Subscription Confirmation" e-mail',
    );
  });

  it('fail when nobody is subscribed', () => {
    expect(alarmVerdict(TOPIC, [])).toMatchObject({
      status: 'fail',
      detail: 'adt-hub-prod-alarms: nobody is subscribed: the alarms notify nobody',
    });
  });
});
