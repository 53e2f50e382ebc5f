// The CDK app's configuration (lib/config/): every rule that can fail, reported as
// `<source>: <field path>: <what is wrong>`, all problems of a file together; the defaults; and
// where the configuration comes from.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_EVENTS } from '../../functions/core/routing/types.ts';
import {
  type ConfigFiles,
  cidrInside,
  HubConfigError,
  loadHubConfig,
  mllpSenders,
  validateHubConfig,
} from '../../lib/config/index.ts';

const HASH_A = 'a'.repeat(64);
const HASH_B = 'b'.repeat(64);
const CERTIFICATE = 'arn:aws:acm:eu-west-2:111122223333:certificate/00000000-0000-4000-8000-000000000000';

function minimal(): Record<string, unknown> {
  return { deployment: 'prod', alarmEmail: 'ops@example.org' };
}

function withSender(sender: Record<string, unknown>): Record<string, unknown> {
  return { ...minimal(), senders: [{ id: 'rbn-pas', facilities: ['RBN'], keyHash: HASH_A, ...sender }] };
}

function withSubscriber(subscriber: Record<string, unknown>): Record<string, unknown> {
  return {
    ...minimal(),
    subscribers: [{ id: 'N81001', name: 'Example Street Surgery', delivery: { kind: 'sqs' }, ...subscriber }],
  };
}

function webhook(delivery: Record<string, unknown>): Record<string, unknown> {
  return withSubscriber({
    delivery: {
      kind: 'webhook',
      url: 'https://gp.example.org/alerts',
      secretName: 'adt-hub/prod/N81001',
      ...delivery,
    },
  });
}

function withMllp(mllp: Record<string, unknown>): Record<string, unknown> {
  return {
    ...withSender({ networks: ['192.0.2.0/24'] }),
    mllp: { certificateArn: CERTIFICATE, allowedCidrs: ['192.0.2.0/24'], ...mllp },
  };
}

/** The lines of the one error the document gets, without the source. */
function problems(raw: unknown, source = 'config/prod.json'): string[] {
  try {
    validateHubConfig(raw, source);
  } catch (error) {
    expect(error).toBeInstanceOf(HubConfigError);
    return (error as Error).message.split('\n').map((line) => line.replace(`${source}: `, ''));
  }
  throw new Error('expected the configuration to be refused');
}

describe('a valid configuration', () => {
  it('fills in the defaults: London, 30 days of messages, 90 of logs, nobody configured', () => {
    // Prepare, Act
    const config = validateHubConfig(minimal(), 'config/prod.json');

    // Assess
    expect(config).toEqual({
      deployment: 'prod',
      region: 'eu-west-2',
      alarmEmail: 'ops@example.org',
      retention: { messageDays: 30, registryDays: 365, logDays: 90 },
      functions: {
        ingest: { reservedConcurrency: 50, memoryMiB: 512 },
        process: { reservedConcurrency: 20, memoryMiB: 1024 },
        deliverWebhook: { reservedConcurrency: 20, memoryMiB: 512 },
        consoleRead: { reservedConcurrency: 10, memoryMiB: 1024 },
        consoleChange: { reservedConcurrency: 5, memoryMiB: 1024 },
        accountConcurrencyQuota: 1000,
      },
      senders: [],
      subscribers: [],
      console: { identity: { kind: 'cognito' } },
      source: 'config/prod.json',
    });
  });

  it('gives a subscriber without events the default set, and an SQS one no consumer accounts', () => {
    const config = validateHubConfig(withSubscriber({}), 'x.json');

    expect(config.subscribers[0]).toEqual({
      id: 'N81001',
      name: 'Example Street Surgery',
      events: [...DEFAULT_EVENTS],
      delivery: { kind: 'sqs', consumerAccounts: [] },
    });
  });

  it('accepts the shipped example, with an MLLP section and both kinds of subscriber', () => {
    const path = join(import.meta.dirname, '../../config/example.json');
    const config = validateHubConfig(JSON.parse(readFileSync(path, 'utf8')), 'config/example.json');

    expect(config.deployment).toBe('example');
    expect(config.account).toBe('111122223333');
    expect(config.senders.map((s) => s.id)).toEqual(['rbn-pas', 'wwl-tie']);
    expect(config.subscribers.map((s) => s.delivery.kind)).toEqual(['webhook', 'sqs']);
    expect(config.mllp?.allowedCidrs).toEqual(['192.0.2.0/24']);
    expect(config.console).toMatchObject({
      domainName: 'adt-hub.example.org',
      identity: { kind: 'cognito', domainPrefix: 'example-adt-hub-console' },
    });
    expect(mllpSenders(config)).toEqual([
      {
        senderId: 'rbn-pas',
        name: 'Example Hospital PAS interface engine',
        facilities: ['RBN'],
        networks: ['192.0.2.0/24'],
      },
    ]);
  });

  it('accepts IPv6 sender networks, a secret ARN in the region, and "*" alone', () => {
    const config = validateHubConfig(
      {
        ...withSender({ facilities: ['*'], networks: ['2001:db8::/32'] }),
        subscribers: [
          {
            id: 'N81001',
            name: 'Example Street Surgery',
            delivery: {
              kind: 'webhook',
              url: 'https://gp.example.org/alerts',
              secretName: 'arn:aws:secretsmanager:eu-west-2:111122223333:secret:adt-hub/N81001-AbCdEf',
            },
          },
        ],
      },
      'x.json',
    );

    expect(config.senders[0]?.facilities).toEqual(['*']);
    expect(config.senders[0]?.networks).toEqual(['2001:db8::/32']);
  });
});

describe('the error', () => {
  it('names the file and the field path on each line, and reports every problem at once', () => {
    const raw = {
      deployment: 'prod',
      alarmEmail: 'ops@example.org',
      subscribers: [
        { id: 'ok', name: 'Fine', delivery: { kind: 'sqs' } },
        {
          id: 'bad',
          name: 'Bad',
          delivery: { kind: 'webhook', url: 'http://gp.example.org', secretName: 's' },
        },
      ],
      retention: { logDays: 91 },
    };

    let message = '';
    try {
      validateHubConfig(raw, 'config/prod.json');
    } catch (error) {
      message = (error as Error).message;
      expect((error as HubConfigError).problems).toHaveLength(2);
    }

    expect(message.split('\n')).toEqual([
      expect.stringMatching(
        /^config\/prod\.json: retention\.logDays: must be one of CloudWatch Logs' periods/,
      ),
      "config/prod.json: subscribers[1].delivery.url: must be an https:// URL (got 'http://gp.example.org')",
    ]);
  });
});

describe('the document', () => {
  it.each([[[]], [null], ['prod'], [3]])('must be a JSON object (%j)', (raw) => {
    expect(problems(raw)).toEqual(['must be a JSON object']);
  });

  it('refuses unknown fields, suggesting the field meant', () => {
    expect(problems({ ...minimal(), Region: 'eu-west-1', colour: 'blue' })).toEqual([
      "Region: unknown field (did you mean 'region'?)",
      expect.stringMatching(/^colour: unknown field \(expected one of: deployment, region, account/),
    ]);
  });

  it('needs a deployment name', () => {
    expect(problems({ alarmEmail: 'ops@example.org' })).toEqual([
      'deployment: is required: the deployment name, e.g. "prod"',
    ]);
  });

  it.each([['Prod'], ['p'], ['a'.repeat(22)], ['1prod'], ['prod_1']])(
    'refuses the deployment name %s',
    (name) => {
      expect(problems({ ...minimal(), deployment: name })).toEqual([
        `deployment: must be 2-21 lower-case letters, digits or hyphens, starting with a letter (got '${name}')`,
      ]);
    },
  );

  it('needs an alarm destination in a file: alarms that notify nobody are not alarms', () => {
    expect(problems({ deployment: 'prod' })).toEqual([
      'alarmEmail: an alarm destination is required: alarmEmail, alarmTopicArn or both (dead letters and a stalled queue must reach someone)',
    ]);
    const topic = 'arn:aws:sns:eu-west-2:111122223333:on-call';
    expect(validateHubConfig({ deployment: 'prod', alarmTopicArn: topic }, 'f').alarmTopicArn).toBe(topic);
    // Only the bare deployment without a file may go without (bin/hub.ts warns at synth).
    expect(
      validateHubConfig({ deployment: 'prod' }, 'context', { alarmDestination: 'optional' }).alarmEmail,
    ).toBeUndefined();
  });

  it('refuses a deployment name that is not a string', () => {
    expect(problems({ ...minimal(), deployment: 7 })).toEqual([
      'deployment: must be a string: 2-21 lower-case letters, digits or hyphens, starting with a letter',
    ]);
  });

  it('refuses a region that is not an AWS region name', () => {
    expect(problems({ ...minimal(), region: 'London' })).toEqual([
      "region: must be an AWS region name, e.g. eu-west-2 (got 'London')",
    ]);
  });

  it.each([[111122223333], ['11112222333'], ['1111-2222-3333']])('refuses the account %j', (account) => {
    expect(problems({ ...minimal(), account })[0]).toMatch(
      /^account: must be (a string: )?a 12-digit AWS account id/,
    );
  });

  it('refuses an alarm e-mail that is not an address', () => {
    expect(problems({ ...minimal(), alarmEmail: 'ops team' })).toEqual([
      "alarmEmail: must be an e-mail address (got 'ops team')",
    ]);
  });

  it('takes an operations team’s own alarm topic in the deployment’s region, and refuses others', () => {
    const topic = 'arn:aws:sns:eu-west-2:111122223333:on-call';
    expect(validateHubConfig({ ...minimal(), alarmTopicArn: topic }, 'f').alarmTopicArn).toBe(topic);
    expect(problems({ ...minimal(), alarmTopicArn: 'on-call' })).toEqual([
      "alarmTopicArn: must be an SNS topic ARN (got 'on-call')",
    ]);
    expect(problems({ ...minimal(), alarmTopicArn: 'arn:aws:sns:us-east-1:111122223333:on-call' })).toEqual([
      "alarmTopicArn: must be a topic in the deployment's region eu-west-2 (it is in us-east-1)",
    ]);
  });
});

describe('retention', () => {
  it('must be an object with known fields', () => {
    expect(problems({ ...minimal(), retention: 30 })).toEqual(['retention: must be a JSON object']);
    expect(problems({ ...minimal(), retention: { days: 30 } })).toEqual([
      'retention.days: unknown field (expected one of: messageDays, registryDays, logDays)',
    ]);
  });

  it.each([[0], [3654], [7.5], ['30']])('refuses messageDays %j', (days) => {
    expect(problems({ ...minimal(), retention: { messageDays: days } })).toEqual([
      `retention.messageDays: must be a whole number from 1 to 3653 (got ${JSON.stringify(days)})`,
    ]);
  });

  it('takes logDays only from the periods CloudWatch Logs offers', () => {
    expect(validateHubConfig({ ...minimal(), retention: { logDays: 365 } }, 'x').retention.logDays).toBe(365);
  });

  it('keeps what the registry learned of a person 31 days at least (the readmission window), 365 by default', () => {
    expect(validateHubConfig(minimal(), 'x').retention.registryDays).toBe(365);
    expect(
      validateHubConfig({ ...minimal(), retention: { registryDays: 180 } }, 'x').retention.registryDays,
    ).toBe(180);
    expect(problems({ ...minimal(), retention: { registryDays: 30 } })).toEqual([
      'retention.registryDays: must be a whole number from 31 to 3653 (got 30)',
    ]);
    expect(problems({ ...minimal(), retention: { logDays: 100 } })[0]).toMatch(
      /^retention\.logDays: must be one of CloudWatch Logs' periods: 1, 3, 5, .* \(got 100\)$/,
    );
  });
});

describe('functions', () => {
  it('sizes each function named, keeping the defaults of the others', () => {
    const config = validateHubConfig(
      {
        ...minimal(),
        functions: {
          process: { reservedConcurrency: 5, memoryMiB: 2048 },
          consoleChange: { reservedConcurrency: 1 },
          accountConcurrencyQuota: 400,
        },
      },
      'x',
    );

    expect(config.functions).toEqual({
      ingest: { reservedConcurrency: 50, memoryMiB: 512 },
      process: { reservedConcurrency: 5, memoryMiB: 2048 },
      deliverWebhook: { reservedConcurrency: 20, memoryMiB: 512 },
      consoleRead: { reservedConcurrency: 10, memoryMiB: 1024 },
      consoleChange: { reservedConcurrency: 1, memoryMiB: 1024 },
      accountConcurrencyQuota: 400,
    });
  });

  it('refuses an unknown function or field, naming what it expected', () => {
    expect(problems({ ...minimal(), functions: { deliver: {} } })).toEqual([
      'functions.deliver: unknown field (expected one of: ingest, process, deliverWebhook, consoleRead, consoleChange, accountConcurrencyQuota)',
    ]);
    expect(problems({ ...minimal(), functions: { ingest: { memory: 512 } } })).toEqual([
      'functions.ingest.memory: unknown field (expected one of: reservedConcurrency, memoryMiB)',
    ]);
  });

  it('keeps memory within what Lambda offers, and a queue consumer at 2 at least (its event source’s minimum)', () => {
    expect(problems({ ...minimal(), functions: { ingest: { memoryMiB: 64 } } })).toEqual([
      'functions.ingest.memoryMiB: must be a whole number from 128 to 10240 (got 64)',
    ]);
    expect(problems({ ...minimal(), functions: { deliverWebhook: { reservedConcurrency: 1 } } })).toEqual([
      'functions.deliverWebhook.reservedConcurrency: must be a whole number from 2 to 10000 (got 1)',
    ]);
    expect(problems({ ...minimal(), functions: { ingest: { reservedConcurrency: 0 } } })).toEqual([
      'functions.ingest.reservedConcurrency: must be a whole number from 1 to 10000 (got 0)',
    ]);
  });
});

describe('senders', () => {
  it('must be an array of objects with known fields', () => {
    expect(problems({ ...minimal(), senders: {} })).toEqual(['senders: must be a JSON array']);
    expect(problems({ ...minimal(), senders: ['rbn'] })).toEqual(['senders[0]: must be a JSON object']);
    expect(problems(withSender({ key: 'secret' }))).toEqual([
      'senders[0].key: unknown field (expected one of: id, name, facilities, keyHash, networks)',
    ]);
  });

  it('needs an id, facilities and a key hash', () => {
    expect(problems({ ...minimal(), senders: [{}] })).toEqual([
      'senders[0].id: is required: the sender id',
      'senders[0].facilities: is required: MSH-4 values',
      "senders[0].keyHash: is required: the SHA-256 of the sender's key, 64 lower-case hex digits",
    ]);
  });

  it('refuses an id with spaces', () => {
    expect(problems(withSender({ id: 'rbn pas' }))[0]).toMatch(/^senders\[0\]\.id: must be letters, digits/);
  });

  it('refuses an empty name', () => {
    expect(problems(withSender({ name: ' ' }))).toEqual([
      'senders[0].name: must be a non-empty string of at most 200 characters',
    ]);
  });

  it('refuses no facilities, a facility with an HL7 delimiter, a repeated one, and * beside others', () => {
    expect(problems(withSender({ facilities: [] }))).toEqual([
      'senders[0].facilities: must list at least one value',
    ]);
    expect(problems(withSender({ facilities: ['RBN^X'] }))[0]).toMatch(
      /^senders\[0\]\.facilities\[0\]: must be an MSH-4 facility/,
    );
    expect(problems(withSender({ facilities: ['RBN', 'RBN'] }))).toEqual([
      "senders[0].facilities[1]: must be unique: 'RBN' is already senders[0].facilities[0]",
    ]);
    expect(problems(withSender({ facilities: ['*', 'RBN'] }))).toEqual([
      "senders[0].facilities: '*' allows any facility: list it alone",
    ]);
  });

  it.each([['A'.repeat(64)], ['abc'], ['adthub_a-real-sender-key']])('refuses the key hash %s', (keyHash) => {
    expect(problems(withSender({ keyHash }))[0]).toMatch(
      /^senders\[0\]\.keyHash: must be the SHA-256 of the sender's key as 64 lower-case hex digits/,
    );
  });

  it('refuses networks that are not CIDRs, or have host bits set', () => {
    expect(problems(withSender({ networks: [] }))).toEqual([
      'senders[0].networks: must list at least one value',
    ]);
    expect(problems(withSender({ networks: ['192.0.2.7'] }))).toEqual([
      "senders[0].networks[0]: must be a CIDR, e.g. 192.0.2.0/24 (got '192.0.2.7')",
    ]);
    expect(problems(withSender({ networks: ['192.0.2.0/33'] }))[0]).toMatch(/a prefix of at most 32/);
    expect(problems(withSender({ networks: ['2001:db8::/129'] }))[0]).toMatch(/a prefix of at most 128/);
    expect(problems(withSender({ networks: ['192.0.2.7/24'] }))).toEqual([
      "senders[0].networks[0]: has host bits set: did you mean 192.0.2.0/24? (got '192.0.2.7/24')",
    ]);
    expect(problems(withSender({ networks: [24] }))).toEqual([
      'senders[0].networks[0]: must be a CIDR string, e.g. 192.0.2.0/24',
    ]);
  });

  it('refuses two senders with one id, or one key hash', () => {
    const sender = { facilities: ['RBN'] };
    expect(
      problems({
        ...minimal(),
        senders: [
          { ...sender, id: 'a', keyHash: HASH_A },
          { ...sender, id: 'a', keyHash: HASH_B },
          { ...sender, id: 'c', keyHash: HASH_A },
        ],
      }),
    ).toEqual([
      "senders[1].id: must be unique: 'a' is already senders[0].id",
      `senders[2].keyHash: must be unique: '${HASH_A}' is already senders[0].keyHash`,
    ]);
  });
});

describe('subscribers', () => {
  it('must be an array of objects with known fields', () => {
    expect(problems({ ...minimal(), subscribers: 'N81001' })).toEqual(['subscribers: must be a JSON array']);
    expect(problems({ ...minimal(), subscribers: [1] })).toEqual(['subscribers[0]: must be a JSON object']);
    expect(problems(withSubscriber({ ods: 'N81001' }))).toEqual([
      'subscribers[0].ods: unknown field (expected one of: id, name, events, practice, delivery)',
    ]);
  });

  it('needs an id, a name and a delivery', () => {
    expect(problems({ ...minimal(), subscribers: [{}] })).toEqual([
      'subscribers[0].id: is required: the subscriber id',
      'subscribers[0].name: is required: a name people recognise',
      'subscribers[0].delivery: is required: webhook or sqs',
    ]);
  });

  it('refuses an id that would not be its own queue name', () => {
    expect(problems(withSubscriber({ id: 'n81.001' }))).toEqual([
      "subscribers[0].id: must be letters, digits, underscore or hyphen (got 'n81.001')",
    ]);
  });

  it('refuses an id too long for the queue names of its deployment', () => {
    // adt-hub-prod-subscriber-<id>-dlq.fifo: at most 80 characters.
    expect(validateHubConfig(withSubscriber({ id: 'x'.repeat(47) }), 'x').subscribers).toHaveLength(1);
    expect(problems(withSubscriber({ id: 'x'.repeat(48) }))).toEqual([
      "subscribers[0].id: is too long for its queue names in deployment 'prod' (at most 47 characters)",
    ]);
  });

  it('refuses events that are not AdtEvent names, none at all, or one twice', () => {
    expect(problems(withSubscriber({ events: ['admit'] }))[0]).toMatch(
      /^subscribers\[0\]\.events\[0\]: must be an event name: admission, transfer, .* \(got "admit"\)$/,
    );
    expect(problems(withSubscriber({ events: [] }))).toEqual([
      'subscribers[0].events: must list at least one value',
    ]);
    expect(problems(withSubscriber({ events: ['death', 'death'] }))).toEqual([
      "subscribers[0].events[1]: must be unique: 'death' is already subscribers[0].events[0]",
    ]);
  });

  it('refuses a practice that is not an ODS code', () => {
    expect(problems(withSubscriber({ practice: 'n81001' }))).toEqual([
      "subscribers[0].practice: must be an ODS code: 3-10 upper-case letters or digits (got 'n81001')",
    ]);
  });

  it('refuses two subscribers with one id', () => {
    const subscriber = { id: 'N81001', name: 'A', delivery: { kind: 'sqs' } };
    expect(problems({ ...minimal(), subscribers: [subscriber, subscriber] })).toEqual([
      "subscribers[1].id: must be unique: 'N81001' is already subscribers[0].id",
    ]);
  });

  it('refuses a delivery that is not an object, or of another kind', () => {
    expect(problems(withSubscriber({ delivery: 'sqs' }))[0]).toMatch(
      /^subscribers\[0\]\.delivery: must be a JSON object/,
    );
    expect(problems(withSubscriber({ delivery: { kind: 'email' } }))).toEqual([
      "subscribers[0].delivery.kind: must be 'webhook' or 'sqs' (got \"email\")",
    ]);
  });

  describe('by webhook', () => {
    it('needs a URL and a secret name, and nothing else', () => {
      expect(problems(withSubscriber({ delivery: { kind: 'webhook', secret: 'whsec_abc' } }))).toEqual([
        'subscribers[0].delivery.secret: unknown field (expected one of: kind, url, secretName)',
        'subscribers[0].delivery.url: is required: the https:// URL alerts are POSTed to',
        'subscribers[0].delivery.secretName: is required: the Secrets Manager secret holding its whsec_ secret',
      ]);
    });

    it.each([
      ['http://gp.example.org/alerts', "must be an https:// URL (got 'http://gp.example.org/alerts')"],
      ['gp.example.org/alerts', "must be an https:// URL (got 'gp.example.org/alerts')"],
      ['https://user:pw@gp.example.org/', 'must not carry a user name or password'],
      [
        'https://localhost:8443/',
        "must be a public host: the hub never calls loopback, private or link-local addresses (got 'localhost')",
      ],
      ['https://10.1.2.3/', expect.stringContaining("(got '10.1.2.3')")],
      ['https://169.254.169.254/', expect.stringContaining('must be a public host')],
      ['https://192.168.0.10/', expect.stringContaining('must be a public host')],
      ['https://[::1]/', expect.stringContaining('must be a public host')],
      ['https://[fd00::1]/', expect.stringContaining('must be a public host')],
    ])('refuses the URL %s', (url, message) => {
      expect(problems(webhook({ url }))).toEqual([
        expect.stringMatching(/^subscribers\[0\]\.delivery\.url: /),
      ]);
      expect(problems(webhook({ url }))[0]?.replace('subscribers[0].delivery.url: ', '')).toEqual(message);
    });

    it('refuses the secret itself in place of its name', () => {
      expect(problems(webhook({ secretName: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw' }))).toEqual([
        'subscribers[0].delivery.secretName: looks like the secret itself: store it in Secrets Manager and give the secret’s name here',
      ]);
    });

    it('refuses a secret name Secrets Manager would not accept', () => {
      expect(problems(webhook({ secretName: 'my secret' }))[0]).toMatch(
        /^subscribers\[0\]\.delivery\.secretName: must be a Secrets Manager secret name/,
      );
    });

    it('refuses a malformed secret ARN, or one in another region', () => {
      expect(problems(webhook({ secretName: 'arn:aws:s3:::bucket' }))[0]).toMatch(
        /^subscribers\[0\]\.delivery\.secretName: must be a Secrets Manager secret name or ARN/,
      );
      expect(
        problems(
          webhook({ secretName: 'arn:aws:secretsmanager:us-east-1:111122223333:secret:whook-AbCdEf' }),
        ),
      ).toEqual([
        "subscribers[0].delivery.secretName: must be a secret in the deployment's region eu-west-2 (it is in us-east-1)",
      ]);
    });
  });

  describe('by SQS', () => {
    it('takes consumer accounts only, as 12-digit strings, each once', () => {
      expect(problems(withSubscriber({ delivery: { kind: 'sqs', queueUrl: 'https://sqs' } }))).toEqual([
        'subscribers[0].delivery.queueUrl: unknown field (expected one of: kind, consumerAccounts)',
      ]);
      expect(
        problems(withSubscriber({ delivery: { kind: 'sqs', consumerAccounts: '444455556666' } })),
      ).toEqual(['subscribers[0].delivery.consumerAccounts: must be a JSON array']);
      expect(
        problems(withSubscriber({ delivery: { kind: 'sqs', consumerAccounts: [444455556666] } })),
      ).toEqual([
        'subscribers[0].delivery.consumerAccounts[0]: must be a string: a 12-digit AWS account id, as a string',
      ]);
      expect(
        problems(
          withSubscriber({ delivery: { kind: 'sqs', consumerAccounts: ['444455556666', '444455556666'] } }),
        ),
      ).toEqual([
        "subscribers[0].delivery.consumerAccounts[1]: must be unique: '444455556666' is already subscribers[0].delivery.consumerAccounts[0]",
      ]);
    });
  });
});

describe('mllp', () => {
  it('must be an object with known fields, naming a certificate and the networks allowed', () => {
    expect(problems({ ...withSender({ networks: ['192.0.2.0/24'] }), mllp: true })).toEqual([
      'mllp: must be a JSON object',
    ]);
    expect(problems(withMllp({ port: 2575 }))[0]).toMatch(/^mllp\.port: unknown field/);
    expect(problems({ ...withSender({ networks: ['192.0.2.0/24'] }), mllp: {} })).toEqual([
      'mllp.certificateArn: is required: the ACM certificate of its TLS listener',
      'mllp.allowedCidrs: is required: the IPv4 CIDRs that may connect',
    ]);
  });

  it('refuses a certificate ARN that is not ACM, or not in the deployment’s region or account', () => {
    expect(
      problems(withMllp({ certificateArn: 'arn:aws:iam::111122223333:server-certificate/x' }))[0],
    ).toMatch(/^mllp\.certificateArn: must be an ACM certificate ARN/);
    expect(problems(withMllp({ certificateArn: CERTIFICATE.replace('eu-west-2', 'eu-west-1') }))).toEqual([
      "mllp.certificateArn: must be a certificate in the deployment's region eu-west-2 (it is in eu-west-1)",
    ]);
    expect(problems({ ...withMllp({}), account: '444455556666' })).toEqual([
      "mllp.certificateArn: must be a certificate in the deployment's account 444455556666 (it is in 111122223333)",
    ]);
  });

  it('takes only IPv4 CIDRs, at least one', () => {
    expect(problems(withMllp({ allowedCidrs: [] }))).toEqual([
      'mllp.allowedCidrs: must list at least one value',
    ]);
    expect(problems(withMllp({ allowedCidrs: ['2001:db8::/32'] }))).toEqual([
      "mllp.allowedCidrs[0]: must be an IPv4 CIDR, e.g. 192.0.2.0/24 (got '2001:db8::/32')",
    ]);
    expect(problems(withMllp({ allowedCidrs: [10] }))).toEqual([
      'mllp.allowedCidrs[0]: must be an IPv4 CIDR string, e.g. 192.0.2.0/24',
    ]);
  });

  it('refuses internetFacing that is not a boolean, and task counts out of range or upside down', () => {
    expect(problems(withMllp({ internetFacing: 'no' }))).toEqual([
      'mllp.internetFacing: must be true or false',
    ]);
    expect(problems(withMllp({ minTasks: 0 }))).toEqual([
      'mllp.minTasks: must be a whole number from 1 to 50 (got 0)',
    ]);
    expect(problems(withMllp({ maxTasks: 51 }))).toEqual([
      'mllp.maxTasks: must be a whole number from 1 to 50 (got 51)',
    ]);
    expect(problems(withMllp({ minTasks: 4, maxTasks: 2 }))).toEqual([
      'mllp.maxTasks: must be at least minTasks (4)',
    ]);
  });

  it('refuses a sender network the load balancer would not admit', () => {
    expect(problems(withMllp({ allowedCidrs: ['192.0.2.0/25'] }))).toEqual([
      "senders[0].networks[0]: '192.0.2.0/24' is not inside mllp.allowedCidrs (192.0.2.0/25): the load balancer would not let it connect",
    ]);
    const wider = validateHubConfig(withMllp({ allowedCidrs: ['192.0.0.0/16', '198.51.100.0/24'] }), 'f');
    expect(wider.mllp?.allowedCidrs).toEqual(['192.0.0.0/16', '198.51.100.0/24']);
  });

  it('tells whether one IPv4 CIDR lies inside another', () => {
    expect(cidrInside('192.0.2.128/25', '192.0.2.0/24')).toBe(true);
    expect(cidrInside('192.0.2.7', '192.0.2.0/24')).toBe(true);
    expect(cidrInside('192.0.2.0/24', '192.0.2.0/25')).toBe(false);
    expect(cidrInside('192.0.4.0/24', '192.0.2.0/23')).toBe(false);
    expect(cidrInside('10.0.0.0/8', '0.0.0.0/0')).toBe(true);
    expect(cidrInside('2001:db8::/32', '0.0.0.0/0')).toBe(false);
  });

  it('needs senders, and at least one of them with networks', () => {
    expect(
      problems({ ...minimal(), mllp: { certificateArn: CERTIFICATE, allowedCidrs: ['192.0.2.0/24'] } }),
    ).toEqual(['mllp: there are no senders: the MLLP listener would accept nobody']);
    expect(
      problems({ ...withSender({}), mllp: { certificateArn: CERTIFICATE, allowedCidrs: ['192.0.2.0/24'] } }),
    ).toEqual(['mllp: no sender lists networks: the MLLP listener knows senders only by their networks']);
  });
});

describe('loadHubConfig', () => {
  const ROOT = '/repo';
  function files(contents: Record<string, string>): ConfigFiles {
    return {
      exists: (path) => path in contents,
      read: (path) => {
        const text = contents[path];
        if (text === undefined) throw new Error(`ENOENT ${path}`);
        return text;
      },
    };
  }
  const prodFile = JSON.stringify({ deployment: 'prod', alarmEmail: 'ops@example.org' });

  it('reads the file -c config names', () => {
    const config = loadHubConfig(
      { config: 'elsewhere/prod.json' },
      files({ 'elsewhere/prod.json': prodFile }),
      ROOT,
    );

    expect(config).toMatchObject({
      deployment: 'prod',
      alarmEmail: 'ops@example.org',
      source: 'elsewhere/prod.json',
    });
  });

  it('refuses a -c config file that does not exist, or is not JSON', () => {
    expect(() => loadHubConfig({ config: 'nope.json' }, files({}), ROOT)).toThrow(
      'nope.json: no such file (from -c config=…)',
    );
    expect(() =>
      loadHubConfig({ config: 'bad.json' }, files({ 'bad.json': '{ deployment: prod' }), ROOT),
    ).toThrow(/^bad\.json: is not valid JSON \(/);
    expect(() => loadHubConfig({ config: true }, files({}), ROOT)).toThrow(
      'context: config: must be the path of a JSON file',
    );
  });

  it('reads config/<deployment>.json from the repository when it exists', () => {
    const config = loadHubConfig(
      { deployment: 'staging' },
      files({ '/repo/config/staging.json': '{"deployment":"staging","alarmEmail":"ops@example.org"}' }),
      ROOT,
    );

    expect(config.source).toBe('config/staging.json');
  });

  it('looks for config/prod.json by default', () => {
    expect(loadHubConfig({}, files({ '/repo/config/prod.json': prodFile }), ROOT).source).toBe(
      'config/prod.json',
    );
  });

  it('falls back to the context alone when there is no file: nobody configured', () => {
    const config = loadHubConfig({ deployment: 'dev', alarmEmail: 'me@example.org' }, files({}), ROOT);

    expect(config).toEqual({
      deployment: 'dev',
      region: 'eu-west-2',
      alarmEmail: 'me@example.org',
      retention: { messageDays: 30, registryDays: 365, logDays: 90 },
      functions: expect.objectContaining({ accountConcurrencyQuota: 1000 }),
      senders: [],
      subscribers: [],
      console: { identity: { kind: 'cognito' } },
      source: 'context',
    });
  });

  it('checks the context deployment before it names a file, and a context alarm e-mail without a file', () => {
    expect(() => loadHubConfig({ deployment: '../etc' }, files({}), ROOT)).toThrow(
      "context: deployment: must be 2-21 lower-case letters, digits or hyphens, starting with a letter (got '../etc')",
    );
    expect(() => loadHubConfig({ deployment: 'dev', alarmEmail: 'nobody' }, files({}), ROOT)).toThrow(
      "context: alarmEmail: must be an e-mail address (got 'nobody')",
    );
  });

  it('lets the context repeat the file, never contradict it', () => {
    const prod = files({ 'p.json': prodFile });
    expect(
      loadHubConfig({ config: 'p.json', deployment: 'prod', alarmEmail: 'ops@example.org' }, prod, ROOT)
        .deployment,
    ).toBe('prod');
    expect(() => loadHubConfig({ config: 'p.json', deployment: 'staging' }, prod, ROOT)).toThrow(
      "p.json: deployment: is 'prod' but -c deployment=staging: use the file of that deployment",
    );
    expect(() => loadHubConfig({ config: 'p.json', alarmEmail: 'me@example.org' }, prod, ROOT)).toThrow(
      "p.json: alarmEmail: is 'ops@example.org' but -c alarmEmail=me@example.org: set it in the file",
    );
  });

  it('refuses a file named for one deployment that configures another', () => {
    expect(() =>
      loadHubConfig({ deployment: 'staging' }, files({ '/repo/config/staging.json': prodFile }), ROOT),
    ).toThrow("config/staging.json: deployment: is 'prod' but -c deployment=staging");
  });
});

describe('the console section', () => {
  const US_CERTIFICATE =
    'arn:aws:acm:us-east-1:111122223333:certificate/00000000-0000-4000-8000-000000000001';
  const oidc = {
    issuer: 'https://login.microsoftonline.com/00000000-0000-4000-8000-00000000000a/v2.0',
    audience: ['api://adt-hub-console'],
    clientId: '00000000-0000-4000-8000-00000000000b',
    authorizationUrl:
      'https://login.microsoftonline.com/00000000-0000-4000-8000-00000000000a/oauth2/v2.0/authorize',
    tokenUrl: 'https://login.microsoftonline.com/00000000-0000-4000-8000-00000000000a/oauth2/v2.0/token',
  };
  const withConsole = (section: unknown) => ({ ...minimal(), account: '111122223333', console: section });

  it('signs in with the stack’s own Cognito user pool by default, with a domain prefix if given', () => {
    expect(validateHubConfig(minimal(), 'x.json').console).toEqual({ identity: { kind: 'cognito' } });
    expect(
      validateHubConfig(withConsole({ cognito: { domainPrefix: 'trust-adt-hub' } }), 'x.json').console,
    ).toEqual({ identity: { kind: 'cognito', domainPrefix: 'trust-adt-hub' } });
  });

  it('takes an OIDC provider, with groups and preferred_username as the default claims and openid as the scope', () => {
    expect(validateHubConfig(withConsole({ oidc }), 'x.json').console.identity).toEqual({
      kind: 'oidc',
      ...oidc,
      scopes: ['openid'],
      groupsClaim: 'groups',
      usernameClaim: 'preferred_username',
    });
  });

  it('takes the console’s own domain with its certificate from us-east-1, where CloudFront wants it', () => {
    const section = { domainName: 'adt-hub.example.org', certificateArn: US_CERTIFICATE };
    expect(validateHubConfig(withConsole(section), 'x.json').console).toEqual({
      identity: { kind: 'cognito' },
      ...section,
    });
  });

  it('refuses a certificate elsewhere, or a domain without its certificate', () => {
    expect(problems(withConsole({ domainName: 'adt-hub.example.org', certificateArn: CERTIFICATE }))).toEqual(
      [
        'console.certificateArn: must be a certificate in us-east-1, where CloudFront takes them from (it is in eu-west-2)',
      ],
    );
    expect(problems(withConsole({ domainName: 'adt-hub.example.org' }))).toEqual([
      'console.certificateArn: is required with the other: the console’s domain and its certificate go together',
    ]);
    expect(problems(withConsole({ domainName: 'Not A Domain', certificateArn: US_CERTIFICATE }))).toEqual([
      "console.domainName: must be a lower-case DNS name, e.g. adt-hub.example.org (got 'Not A Domain')",
    ]);
  });

  it('refuses both providers at once, a prefix Cognito would refuse, and unknown fields', () => {
    expect(problems(withConsole({ cognito: {}, oidc }))).toEqual([
      "console: give 'cognito' or 'oidc', not both: one provider signs people in",
    ]);
    expect(problems(withConsole({ cognito: { domainPrefix: 'my-cognito-login' } }))).toEqual([
      "console.cognito.domainPrefix: must not contain 'aws', 'amazon' or 'cognito' (Cognito refuses them)",
    ]);
    expect(problems(withConsole({ oidc: { ...oidc, groupClaim: 'roles' } }))).toEqual([
      'console.oidc.groupClaim: unknown field (expected one of: issuer, audience, clientId, authorizationUrl, tokenUrl, logoutUrl, scopes, groupsClaim, usernameClaim)',
    ]);
  });

  it('needs an OIDC provider’s https endpoints, audience and client id', () => {
    expect(problems(withConsole({ oidc: {} }))).toEqual([
      'console.oidc.issuer: is required: the tokens’ iss, an https:// URL',
      'console.oidc.authorizationUrl: is required: the provider’s authorization endpoint',
      'console.oidc.tokenUrl: is required: the provider’s token endpoint',
      'console.oidc.audience: is required: the access tokens’ aud values',
      'console.oidc.clientId: is required: the console’s client id at the provider',
    ]);
    expect(
      problems(withConsole({ oidc: { ...oidc, tokenUrl: 'http://idp.example.org/token', audience: [] } })),
    ).toEqual([
      "console.oidc.tokenUrl: must be an https:// URL (got 'http://idp.example.org/token')",
      'console.oidc.audience: must list at least one value',
    ]);
  });
});
