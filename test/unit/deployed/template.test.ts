// The deployed-shape check's reading of templates (test/deployed/template.ts): a function's
// environment resolved to the local resources, the wiring problems between a template and its
// bundle, and which functions the check must run. Small templates written out here, in the shapes
// CDK synthesises; test/e2e/deployed-shape.test.ts runs the same on the real ones.
import { describe, expect, it } from 'vitest';
import {
  functionEnvironment,
  type LocalResources,
  notExercised,
  planFunctions,
  type Template,
  type Templates,
  wiringProblems,
} from '../../deployed/template.ts';

const local: LocalResources = {
  region: 'eu-west-2',
  account: '000000000000',
  table: (name) => (name === 'adt-hub-t-messages' ? { name, arn: `arn:local:table/${name}` } : undefined),
  queue: (name) =>
    name === 'adt-hub-t-ingest.fifo'
      ? { url: `http://127.0.0.1:1/q/${name}`, arn: `arn:local:${name}` }
      : undefined,
};

const state: Template = {
  Resources: {
    messagesTable: { Type: 'AWS::DynamoDB::Table', Properties: { TableName: 'adt-hub-t-messages' } },
    ingestQueue: { Type: 'AWS::SQS::Queue', Properties: { QueueName: 'adt-hub-t-ingest.fifo' } },
    DataKey: { Type: 'AWS::KMS::Key', Properties: {} },
  },
  Outputs: {
    Table: { Value: { Ref: 'messagesTable' }, Export: { Name: 'state:Table' } },
    Queue: { Value: { Ref: 'ingestQueue' }, Export: { Name: 'state:Queue' } },
    QueueArn: { Value: { 'Fn::GetAtt': ['ingestQueue', 'Arn'] }, Export: { Name: 'state:QueueArn' } },
    Key: { Value: { Ref: 'DataKey' }, Export: { Name: 'state:Key' } },
  },
};

function hubWith(variables: Record<string, unknown>, extra: Template['Resources'] = {}): Templates {
  return {
    state,
    hub: {
      Resources: {
        Ingest: {
          Type: 'AWS::Lambda::Function',
          Properties: { Handler: 'index.handler', Environment: { Variables: variables } },
        },
        ...extra,
      },
    },
  };
}

describe('a function’s environment', () => {
  it('resolves each import of the state stack to the local table and queue of the same name', () => {
    const templates = hubWith({
      ADT_HUB_MESSAGE_RETENTION_DAYS: '30',
      MESSAGES_TABLE: { 'Fn::ImportValue': 'state:Table' },
      INGEST_QUEUE_URL: { 'Fn::ImportValue': 'state:Queue' },
      INGEST_QUEUE_ARN: { 'Fn::Join': ['', ['queue=', { 'Fn::ImportValue': 'state:QueueArn' }]] },
    });

    expect(functionEnvironment(templates, 'Ingest', local)).toEqual({
      ADT_HUB_MESSAGE_RETENTION_DAYS: '30',
      MESSAGES_TABLE: 'adt-hub-t-messages',
      INGEST_QUEUE_URL: 'http://127.0.0.1:1/q/adt-hub-t-ingest.fifo',
      INGEST_QUEUE_ARN: 'queue=arn:local:adt-hub-t-ingest.fifo',
    });
  });

  it('refuses a reference with no local stand-in, naming the variable and the resource', () => {
    const templates = hubWith({ DATA_KEY: { 'Fn::ImportValue': 'state:Key' } });

    expect(() => functionEnvironment(templates, 'Ingest', local)).toThrow(
      'Ingest DATA_KEY: Ref DataKey (AWS::KMS::Key) has no local stand-in',
    );
  });

  it('refuses a table the shared definitions do not make', () => {
    const templates: Templates = {
      state: {
        ...state,
        Resources: {
          ...state.Resources,
          other: { Type: 'AWS::DynamoDB::Table', Properties: { TableName: 'x' } },
        },
        Outputs: { Other: { Value: { Ref: 'other' }, Export: { Name: 'state:Other' } } },
      },
      hub: hubWith({ OTHER_TABLE: { 'Fn::ImportValue': 'state:Other' } }).hub,
    };

    expect(() => functionEnvironment(templates, 'Ingest', local)).toThrow(
      'Ingest OTHER_TABLE: table x (other) is not made by the shared definitions',
    );
  });
});

describe('a variable named differently in the template and the handler', () => {
  it('fails the cold start, and the check names the variable the handler reads', () => {
    const problems = wiringProblems({
      function: 'Ingest',
      templateVariables: ['MESSAGE_TABLE', 'INGEST_QUEUE_URL'],
      variablesRead: new Set(['MESSAGES_TABLE', 'INGEST_QUEUE_URL']),
      // What readSettings throws (functions/platform/settings.ts).
      initError: 'MESSAGES_TABLE is not set',
    });

    expect(problems).toEqual(['Ingest: the bundle reads MESSAGES_TABLE, which the template does not set']);
  });

  it('is found even when the handler has a default for it: the template’s variable is never read', () => {
    const problems = wiringProblems({
      function: 'Ingest',
      templateVariables: ['NODE_OPTIONS', 'ADT_HUB_MESSAGE_RETENTION', 'MESSAGES_TABLE'],
      variablesRead: new Set(['ADT_HUB_MESSAGE_RETENTION_DAYS', 'MESSAGES_TABLE']),
      runtimeOwned: ['NODE_OPTIONS'],
    });

    expect(problems).toEqual([
      'Ingest: the template sets ADT_HUB_MESSAGE_RETENTION, which the bundle never reads',
    ]);
  });

  it('reports nothing when both sides agree', () => {
    expect(
      wiringProblems({
        function: 'Ingest',
        templateVariables: ['MESSAGES_TABLE'],
        variablesRead: new Set(['MESSAGES_TABLE', 'AWS_REGION']),
      }),
    ).toEqual([]);
  });
});

describe('which functions the check must run', () => {
  const templates = hubWith(
    {},
    {
      Integration: {
        Type: 'AWS::ApiGatewayV2::Integration',
        Properties: { IntegrationUri: { 'Fn::GetAtt': ['Ingest', 'Arn'] } },
      },
      Route: {
        Type: 'AWS::ApiGatewayV2::Route',
        Properties: {
          RouteKey: 'POST /v1/hl7',
          Target: { 'Fn::Join': ['', ['integrations/', { Ref: 'Integration' }]] },
        },
      },
      Process: { Type: 'AWS::Lambda::Function', Properties: { Handler: 'index.handler' } },
      ProcessSource: {
        Type: 'AWS::Lambda::EventSourceMapping',
        Properties: { FunctionName: { Ref: 'Process' } },
      },
      Provider: { Type: 'AWS::Lambda::Function', Properties: { Handler: '__entrypoint__.handler' } },
      Restrict: {
        Type: 'Custom::VpcRestrictDefaultSG',
        Properties: { ServiceToken: { 'Fn::GetAtt': ['Provider', 'Arn'] } },
      },
      Nightly: { Type: 'AWS::Lambda::Function', Properties: { Handler: 'index.handler' } },
    },
  );

  it('drives each function by its route or its event source, and leaves deploy-time providers to CloudFormation', () => {
    expect(planFunctions(templates.hub).map(({ logicalId, kind }) => [logicalId, kind])).toEqual([
      ['Ingest', 'http'],
      ['Process', 'sqs'],
      ['Provider', 'deploy-time'],
      ['Nightly', 'undriven'],
    ]);
  });

  it('fails for a function the template has and the check did not run', () => {
    const plans = planFunctions(templates.hub);

    expect(notExercised(plans, new Map([['Ingest', 1]]))).toEqual([
      'Process: driven by ProcessSource, but never invoked',
      'Nightly: no HTTP route or SQS event source in the template drives it, and the check has no other way to run it',
    ]);
    expect(
      notExercised(
        plans,
        new Map([
          ['Ingest', 1],
          ['Process', 2],
          ['Nightly', 1],
        ]),
      ),
    ).toEqual([]);
  });
});
