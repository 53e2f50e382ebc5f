// What operations staff watch: an SNS topic for alarms (optionally e-mailed), the alarms that
// mean someone may not be told about a patient, and a dashboard of the flow.
import { Duration, Validations } from 'aws-cdk-lib';
import type { HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import {
  type Alarm,
  ComparisonOperator,
  Dashboard,
  GraphWidget,
  MathExpression,
  Metric,
  TreatMissingData,
} from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { NetworkTargetGroup } from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { DEFAULT_EVENTS } from '../../functions/core/routing/types.ts';
import { alarmTopicName, INGEST_QUEUE, METRICS_NAMESPACE } from '../../functions/platform/resources.ts';
import type { HubFunction } from './hub-function.ts';

export interface HubMonitoringProps {
  deployment: string;
  key: IKey;
  api: HttpApi;
  functions: HubFunction[];
  ingestQueue: Queue;
  deadLetterQueues: Queue[];
  /**
   * SQS subscribers' dead-letter queues (stateful stack), by name: a metric needs no cross-stack
   * reference, so removing a subscriber from the configuration never blocks on an export.
   */
  subscriberDeadLetterQueueNames?: string[];
  /** The MLLP listener, when deployed: no healthy task means hospitals cannot send over MLLP. */
  mllpTargets?: NetworkTargetGroup;
  /** E-mail for the alarm topic; subscribe anything else to the topic afterwards. */
  alarmEmail?: string;
  /** A topic of the operations team's own that every alarm also notifies (same region). */
  alarmTopicArn?: string;
}

const NAMESPACE = METRICS_NAMESPACE;

function hubMetric(name: string, statistic = 'Sum'): Metric {
  return new Metric({
    namespace: NAMESPACE,
    metricName: name,
    dimensionsMap: { service: 'adt-hub' },
    statistic,
    period: Duration.minutes(5),
  });
}

export class HubMonitoring extends Construct {
  readonly topic: Topic;
  readonly alarms: Alarm[] = [];

  constructor(scope: Construct, id: string, props: HubMonitoringProps) {
    super(scope, id);
    this.topic = new Topic(this, 'Alarms', {
      // Named, so that `adt-hub doctor` can find it and check its subscriptions are confirmed.
      topicName: alarmTopicName(props.deployment),
      displayName: `ADT Hub ${props.deployment} alarms`,
      masterKey: props.key,
      enforceSSL: true,
    });
    if (props.alarmEmail !== undefined) {
      this.topic.addSubscription(new EmailSubscription(props.alarmEmail));
      Validations.of(this.topic).acknowledge({
        id: 'Serverless::Serverless-SNSRedrivePolicy',
        reason:
          'An e-mail subscription for people: an alarm whose e-mail cannot be delivered stays in ALARM on the console and the dashboard, and other subscriptions of the topic still get it; a DLQ of undelivered alarm e-mails would have no reader.',
      });
    }
    const actions = [
      new SnsAction(this.topic),
      ...(props.alarmTopicArn === undefined
        ? []
        : [new SnsAction(Topic.fromTopicArn(this, 'OperationsTopic', props.alarmTopicArn))]),
    ];
    const alarm = (name: string, description: string, metric: Metric | MathExpression, threshold: number) => {
      const created = metric.createAlarm(this, name, {
        alarmDescription: description,
        threshold,
        evaluationPeriods: 1,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      });
      created.addAlarmAction(...actions);
      this.alarms.push(created);
    };

    for (const [i, dlq] of props.deadLetterQueues.entries()) {
      alarm(
        `DeadLetters${i}`,
        dlq.node.id.startsWith('webhook')
          ? `An alert is in ${dlq.node.id}: its webhook was given up on (adt-hub dlq list, adt-hub dlq redrive)`
          : `A message is in ${dlq.node.id}: the process step gave up on it after ${INGEST_QUEUE.maxReceiveCount} tries over about three days (adt-hub dlq list --ingest; once the cause is fixed, adt-hub dlq redrive --ingest puts it back in each patient's order)`,
        dlq.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(1), statistic: 'Maximum' }),
        1,
      );
    }
    for (const name of props.subscriberDeadLetterQueueNames ?? []) {
      alarm(
        `SubscriberDeadLetters-${name.replace(/[^A-Za-z0-9]/g, '')}`,
        `A message is in ${name}: the subscriber's own consumer gave up on an alert (its queue's maxReceiveCount)`,
        new Metric({
          namespace: 'AWS/SQS',
          metricName: 'ApproximateNumberOfMessagesVisible',
          dimensionsMap: { QueueName: name },
          period: Duration.minutes(1),
          statistic: 'Maximum',
        }),
        1,
      );
    }
    if (props.mllpTargets !== undefined) {
      const noHealthyTask = props.mllpTargets.metrics
        .healthyHostCount({ period: Duration.minutes(1), statistic: 'Minimum' })
        .createAlarm(this, 'MllpNoHealthyTask', {
          alarmDescription: 'No MLLP listener task is healthy: interface engines cannot send over MLLP',
          threshold: 1,
          evaluationPeriods: 2,
          comparisonOperator: ComparisonOperator.LESS_THAN_THRESHOLD,
          treatMissingData: TreatMissingData.BREACHING,
        });
      noHealthyTask.addAlarmAction(...actions);
      this.alarms.push(noHealthyTask);
    }
    alarm(
      'IngestBacklog',
      'The oldest accepted message has waited more than 5 minutes to be processed',
      props.ingestQueue.metricApproximateAgeOfOldestMessage({
        period: Duration.minutes(1),
        statistic: 'Maximum',
      }),
      300,
    );
    for (const { fn } of props.functions) {
      alarm(
        `${fn.node.scope?.node.id}Errors`,
        `${fn.node.scope?.node.id} failed`,
        fn.metricErrors({ period: Duration.minutes(5) }),
        1,
      );
      alarm(
        `${fn.node.scope?.node.id}Throttles`,
        `${fn.node.scope?.node.id} was throttled`,
        fn.metricThrottles({ period: Duration.minutes(5) }),
        1,
      );
    }
    alarm(
      'Api5xx',
      'The HTTP API answered 5xx (503 = storage unavailable)',
      props.api.metricServerError({ period: Duration.minutes(5) }),
      1,
    );
    alarm(
      'ReviewOverdue',
      'A review item has waited more than 24 hours for a decision: its patient’s subscribers have not been told (adt-hub review list)',
      hubMetric('ReviewOverdue', 'Maximum').with({ period: Duration.minutes(30) }),
      1,
    );
    alarm(
      'WebhookFailureRate',
      'More than 10 % of webhook attempts failed in 15 minutes',
      new MathExpression({
        expression: '100 * (retry + dead) / MAX([delivered + retry + dead, 1])',
        usingMetrics: {
          delivered: hubMetric('Webhook_delivered'),
          retry: hubMetric('Webhook_retry'),
          dead: hubMetric('Webhook_dead-letter'),
        },
        period: Duration.minutes(15),
      }),
      10,
    );

    new Dashboard(this, 'Dashboard', {
      dashboardName: `adt-hub-${props.deployment}`,
      widgets: [
        [
          new GraphWidget({
            title: 'Messages by ACK',
            left: ['AA', 'AE', 'AR'].map(
              (code) =>
                new Metric({
                  namespace: NAMESPACE,
                  metricName: 'Messages',
                  dimensionsMap: { service: 'adt-hub', ackCode: code },
                  statistic: 'Sum',
                }),
            ),
          }),
          new GraphWidget({
            title: 'Matches',
            left: ['matched', 'possible', 'unmatched', 'no-patient'].map((o) => hubMetric(`Match_${o}`)),
          }),
          new GraphWidget({
            title: 'Alerts and deliveries',
            left: [
              hubMetric('Alerts'),
              hubMetric('Webhook_delivered'),
              hubMetric('Webhook_retry'),
              hubMetric('Webhook_dead-letter'),
            ],
          }),
        ],
        [
          new GraphWidget({
            title: 'Oldest waiting message (s)',
            left: [props.ingestQueue.metricApproximateAgeOfOldestMessage()],
          }),
          new GraphWidget({
            title: 'Dead letters',
            left: props.deadLetterQueues.map((q) => q.metricApproximateNumberOfMessagesVisible()),
          }),
          new GraphWidget({
            title: 'Function duration p99 (ms)',
            left: props.functions.map(({ fn }) => fn.metricDuration({ statistic: 'p99' })),
          }),
        ],
        [
          new GraphWidget({
            title: 'Alerts by event',
            left: DEFAULT_EVENTS.map((event) => hubMetric(`Alerts_${event}`)),
          }),
          new GraphWidget({
            title: 'Message received → alert delivered (ms)',
            left: ['p50', 'p99'].map((statistic) => hubMetric('DeliveryLatency', statistic)),
          }),
        ],
      ],
    });
  }
}
