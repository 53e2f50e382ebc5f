// The whole document: its top-level fields, its sections, and the rules across them.
import { Checker, HubConfigError } from './checker.ts';
import { consoleOf } from './console-section.ts';
import { ACCOUNT, cidrInside, DEPLOYMENT, EMAIL, REGION, TOPIC_ARN } from './rules.ts';
import { functionsOf, mllpOf, retentionOf, sendersOf, subscribersOf } from './sections.ts';
import { DEFAULT_REGION, type HubConfig } from './types.ts';

const TOP_FIELDS = [
  'deployment',
  'region',
  'account',
  'alarmEmail',
  'alarmTopicArn',
  'retention',
  'functions',
  'senders',
  'subscribers',
  'mllp',
  'console',
] as const;

/**
 * Checks a parsed configuration document and fills in the defaults. Throws one HubConfigError
 * listing every problem, each as `<source>: <field path>: <what is wrong>`.
 */
/**
 * `alarmDestination: 'required'` for a configuration file: a deployment's alarms must reach someone.
 * Only the bare deployment without a file (a first `cdk synth`) may go without, with a warning.
 */
export function validateHubConfig(
  raw: unknown,
  source: string,
  options: { alarmDestination: 'required' | 'optional' } = { alarmDestination: 'required' },
): HubConfig {
  const check = new Checker();
  const doc = check.object(raw, '', TOP_FIELDS);
  if (doc === undefined) throw new HubConfigError(source, check.problems);

  const deployment =
    doc.deployment === undefined
      ? check.fail('deployment', 'is required: the deployment name, e.g. "prod"')
      : check.string(
          doc.deployment,
          'deployment',
          DEPLOYMENT,
          '2-21 lower-case letters, digits or hyphens, starting with a letter',
        );
  const region =
    doc.region === undefined
      ? DEFAULT_REGION
      : check.string(doc.region, 'region', REGION, 'an AWS region name, e.g. eu-west-2');
  const account =
    doc.account === undefined
      ? undefined
      : check.string(doc.account, 'account', ACCOUNT, 'a 12-digit AWS account id, as a string');
  const alarmEmail =
    doc.alarmEmail === undefined
      ? undefined
      : check.string(doc.alarmEmail, 'alarmEmail', EMAIL, 'an e-mail address');
  let alarmTopicArn =
    doc.alarmTopicArn === undefined
      ? undefined
      : check.string(doc.alarmTopicArn, 'alarmTopicArn', TOPIC_ARN, 'an SNS topic ARN');
  const topicRegion = TOPIC_ARN.exec(alarmTopicArn ?? '')?.[1];
  if (alarmTopicArn !== undefined && region !== undefined && topicRegion !== region) {
    // CloudWatch alarms notify topics in their own region only.
    alarmTopicArn = check.fail(
      'alarmTopicArn',
      `must be a topic in the deployment's region ${region} (it is in ${topicRegion})`,
    );
  }

  if (
    options.alarmDestination === 'required' &&
    doc.alarmEmail === undefined &&
    doc.alarmTopicArn === undefined
  ) {
    check.fail(
      'alarmEmail',
      'an alarm destination is required: alarmEmail, alarmTopicArn or both (dead letters and a stalled queue must reach someone)',
    );
  }

  const retention = retentionOf(check, doc.retention);
  const functions = functionsOf(check, doc.functions);
  const senders = sendersOf(check, doc.senders);
  const subscribers = subscribersOf(check, doc.subscribers, deployment, region);
  const mllp = doc.mllp === undefined ? undefined : mllpOf(check, doc.mllp, region, account);
  const consoleConfig = consoleOf(check, doc.console, account);
  if (doc.mllp !== undefined) {
    const listed = Array.isArray(doc.senders) ? doc.senders : [];
    if (listed.length === 0) {
      check.fail('mllp', 'there are no senders: the MLLP listener would accept nobody');
    } else if (!listed.some((entry) => typeof entry === 'object' && entry !== null && 'networks' in entry)) {
      check.fail('mllp', 'no sender lists networks: the MLLP listener knows senders only by their networks');
    }
  }
  // A sender's network the load balancer does not admit would be refused without a word.
  if (mllp !== undefined) {
    for (const [index, sender] of senders.entries()) {
      for (const [n, network] of (sender.networks ?? []).entries()) {
        if (!mllp.allowedCidrs.some((allowed) => cidrInside(network, allowed))) {
          check.fail(
            `senders[${index}].networks[${n}]`,
            `'${network}' is not inside mllp.allowedCidrs (${mllp.allowedCidrs.join(', ')}): the load balancer would not let it connect`,
          );
        }
      }
    }
  }

  if (check.problems.length > 0) throw new HubConfigError(source, check.problems);
  return {
    deployment: deployment as string,
    region: region as string,
    ...(account !== undefined && { account }),
    ...(alarmEmail !== undefined && { alarmEmail }),
    ...(alarmTopicArn !== undefined && { alarmTopicArn }),
    retention,
    functions,
    senders,
    subscribers,
    ...(mllp !== undefined && { mllp }),
    console: consoleConfig,
    source,
  };
}
