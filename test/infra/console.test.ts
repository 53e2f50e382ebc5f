// The operator console in the CDK app: its pages in a private bucket that only the distribution
// reads (origin access control), HTTPS only and TLS 1.2+ on its own domain, the console's security
// headers on every behaviour, its API behind the JWT authorizer on every route, the user pool
// (MFA, no self sign-up, a group per role) or the configured OIDC provider, and each console
// function granted exactly what its routes need (lib/console-access.ts). cdk-nag stays clean.
// Bundling is skipped, as in stacks.test.ts: the console's own build is tested by npm run synth.
import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../bin/hub.ts';
import { CONSOLE_SETTINGS } from '../../functions/composition/wiring.ts';
import { ROUTES } from '../../functions/console-api/routes.ts';
import {
  ALERTS_TABLE,
  CONSOLE_ACCESS_ENV,
  INGEST_QUEUE,
  MESSAGES_TABLE,
  REGISTRY_TABLE,
  SENDERS_TABLE,
  subscriberQueueName,
  WEBHOOK_QUEUE,
} from '../../functions/platform/resources.ts';
import { readSettings, type SettingName, variableOf } from '../../functions/platform/settings.ts';
import {
  AUDIT_NEVER,
  AUDIT_PARTITION,
  CONSOLE_GRANTS,
  CONSOLE_KEY_ACTIONS,
  type ConsoleResource,
} from '../../lib/console-access.ts';
import { apiRoutePath } from '../../lib/constructs/console-api.ts';
import { PAGE_ROUTER_CODE } from '../../lib/constructs/console-hosting.ts';

type Stacks = ReturnType<typeof buildApp>;

/** Whether a setting has a default: reading it from an empty environment says so. */
function settingSpec(name: SettingName): { default?: unknown } {
  try {
    return { default: readSettings([name], {})[name] };
  } catch {
    return {};
  }
}
/** A template's resource or statement: CDK's assertions type them as `any` too. */
// biome-ignore lint/suspicious/noExplicitAny: CloudFormation JSON, read field by field in each test.
type Json = any;
type Resource = { Properties: Record<string, Json> };

function build(context: Record<string, unknown>): { app: App; stacks: Stacks; hub: Template } {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [], ...context } });
  const stacks = buildApp(app);
  return { app, stacks, hub: Template.fromStack(stacks.hub) };
}

let example: ReturnType<typeof build>;
let oidc: ReturnType<typeof build>;
let bare: ReturnType<typeof build>;

beforeAll(() => {
  example = build({ config: 'config/example.json' });
  oidc = build({ config: 'test/infra/fixtures/oidc-config.json' });
  bare = build({ deployment: 'test' });
});

const only = (template: Template, type: string): Resource => {
  const found = Object.values(template.findResources(type));
  expect(found, type).toHaveLength(1);
  return found[0] as Resource;
};

describe('the console’s pages', () => {
  it('are in a bucket that blocks every public access and that only the distribution may read', () => {
    const { hub } = example;
    const bucket = Object.entries(hub.findResources('AWS::S3::Bucket')).find(([id]) =>
      id.startsWith('ConsolePages'),
    );
    expect(bucket?.[1].Properties).toMatchObject({
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
    });
    expect(bucket?.[1].Properties.WebsiteConfiguration).toBeUndefined();

    const policy = Object.values(hub.findResources('AWS::S3::BucketPolicy')).find(
      (p) => p.Properties.Bucket.Ref === bucket?.[0],
    );
    const statements = policy?.Properties.PolicyDocument.Statement as Record<string, Json>[];
    const allows = statements.filter((s) => s.Effect === 'Allow');
    // Only CloudFront, and only on behalf of this distribution (origin access control).
    expect(allows).toEqual([
      expect.objectContaining({
        Action: 's3:GetObject',
        Principal: { Service: 'cloudfront.amazonaws.com' },
        Condition: {
          StringEquals: {
            'AWS:SourceArn': expect.objectContaining({ 'Fn::Join': expect.anything() }),
          },
        },
      }),
    ]);
    expect(JSON.stringify(allows[0]?.Condition)).toContain('ConsoleDistribution');
    expect(
      statements.some((s) => s.Effect === 'Deny' && s.Condition?.Bool?.['aws:SecureTransport'] === 'false'),
    ).toBe(true);
  });

  it('are read through origin access control, signed always, never through an access identity', () => {
    const { hub } = example;
    expect(
      only(hub, 'AWS::CloudFront::OriginAccessControl').Properties.OriginAccessControlConfig,
    ).toMatchObject({
      OriginAccessControlOriginType: 's3',
      SigningBehavior: 'always',
      SigningProtocol: 'sigv4',
    });
    hub.resourceCountIs('AWS::CloudFront::CloudFrontOriginAccessIdentity', 0);
    const config = only(hub, 'AWS::CloudFront::Distribution').Properties.DistributionConfig;
    const s3 = config.Origins.find((o: Record<string, Json>) => o.S3OriginConfig !== undefined);
    expect(s3.OriginAccessControlId).toBeDefined();
    expect(s3.S3OriginConfig.OriginAccessIdentity).toBe('');
  });

  it('are served over HTTPS only, with TLS 1.2 or later on the console’s own domain', () => {
    const config = only(example.hub, 'AWS::CloudFront::Distribution').Properties.DistributionConfig;
    const behaviours = [config.DefaultCacheBehavior, ...config.CacheBehaviors];
    expect(behaviours.map((b: Record<string, unknown>) => b.PathPattern ?? 'default')).toEqual([
      'default',
      '/assets/*',
      '/api/*',
    ]);
    for (const behaviour of behaviours) expect(behaviour.ViewerProtocolPolicy).toBe('https-only');
    expect(config.Aliases).toEqual(['adt-hub.example.org']);
    expect(config.ViewerCertificate).toEqual({
      AcmCertificateArn:
        'arn:aws:acm:us-east-1:111122223333:certificate/00000000-0000-4000-8000-000000000001',
      MinimumProtocolVersion: 'TLSv1.2_2021',
      SslSupportMethod: 'sni-only',
    });
    // To the API too: HTTPS, TLS 1.2.
    const api = config.Origins.find((o: Record<string, Json>) => o.CustomOriginConfig !== undefined);
    expect(api.CustomOriginConfig).toMatchObject({
      OriginProtocolPolicy: 'https-only',
      OriginSSLProtocols: ['TLSv1.2'],
    });
  });

  it('carry a CSP (no framing, scripts of their own only), HSTS and no-framing on every behaviour', () => {
    const { hub } = example;
    const config = only(hub, 'AWS::CloudFront::Distribution').Properties.DistributionConfig;
    const policies = hub.findResources('AWS::CloudFront::ResponseHeadersPolicy');
    const behaviours = [config.DefaultCacheBehavior, ...config.CacheBehaviors];
    for (const behaviour of behaviours) {
      const policy = policies[behaviour.ResponseHeadersPolicyId.Ref]?.Properties.ResponseHeadersPolicyConfig;
      const security = policy.SecurityHeadersConfig;
      const csp = JSON.stringify(security.ContentSecurityPolicy.ContentSecurityPolicy);
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).toContain("default-src 'none'");
      expect(csp).not.toMatch(/script-src[^;]*unsafe/);
      expect(security.StrictTransportSecurity).toMatchObject({
        AccessControlMaxAgeSec: 63_072_000,
        IncludeSubdomains: true,
        Override: true,
      });
      expect(security.FrameOptions).toEqual({ FrameOption: 'DENY', Override: true });
      expect(security.ContentTypeOptions).toEqual({ Override: true });
      expect(security.ReferrerPolicy).toEqual({ ReferrerPolicy: 'no-referrer', Override: true });
    }
    // The page may reach the hosted UI's token endpoint, and nothing else beyond itself.
    const pages = policies[config.DefaultCacheBehavior.ResponseHeadersPolicyId.Ref]?.Properties;
    expect(
      pages.ResponseHeadersPolicyConfig.SecurityHeadersConfig.ContentSecurityPolicy.ContentSecurityPolicy,
    ).toContain("connect-src 'self' https://example-adt-hub-console.auth.eu-west-2.amazoncognito.com;");
  });

  it('answer a page address with index.html, and a file as itself (the router function)', () => {
    const handler = new Function(`${PAGE_ROUTER_CODE}; return handler;`)() as (event: unknown) => {
      uri: string;
    };
    const route = (uri: string) => handler({ request: { uri } }).uri;
    expect(route('/messages')).toBe('/index.html');
    expect(route('/review/R1')).toBe('/index.html');
    expect(route('/auth/callback')).toBe('/index.html');
    expect(route('/')).toBe('/index.html');
    expect(route('/assets/index-abc.js')).toBe('/assets/index-abc.js');
    expect(route('/auth-config.json')).toBe('/auth-config.json');
    const config = only(example.hub, 'AWS::CloudFront::Distribution').Properties.DistributionConfig;
    // Not on the API: its 403s and 404s must reach the page as they are.
    expect(config.CacheBehaviors[1].FunctionAssociations).toBeUndefined();
    expect(config.CustomErrorResponses).toBeUndefined();
  });

  it('are at the console’s address, given as a stack output', () => {
    const outputs = example.hub.findOutputs('ConsoleUrl');
    expect(Object.values(outputs)[0]?.Value).toBe('https://adt-hub.example.org/');
    const bareOutputs = bare.hub.findOutputs('ConsoleUrl');
    expect(JSON.stringify(Object.values(bareOutputs)[0]?.Value)).toContain('DomainName');
  });
});

describe('the console’s API', () => {
  const consoleApi = (template: Template) =>
    Object.entries(template.findResources('AWS::ApiGatewayV2::Api')).find(([, api]) =>
      String(api.Properties.Description).includes('operator console'),
    )?.[0] as string;

  it('has one route per console route, every one behind the JWT authorizer', () => {
    for (const { hub } of [example, oidc]) {
      const apiId = consoleApi(hub);
      const routes = Object.values(hub.findResources('AWS::ApiGatewayV2::Route')).filter(
        (route) => route.Properties.ApiId.Ref === apiId,
      );
      expect(routes.map((route) => route.Properties.RouteKey).sort()).toEqual(
        ROUTES.map((route) => `${route.method} ${apiRoutePath(route.pattern)}`).sort(),
      );
      const [authorizerId] = Object.keys(hub.findResources('AWS::ApiGatewayV2::Authorizer'));
      for (const route of routes) {
        expect(route.Properties, route.Properties.RouteKey).toMatchObject({
          AuthorizationType: 'JWT',
          AuthorizerId: { Ref: authorizerId },
        });
      }
    }
  });

  it('checks tokens from the stack’s user pool, for the console’s client', () => {
    const authorizer = only(example.hub, 'AWS::ApiGatewayV2::Authorizer').Properties;
    expect(authorizer).toMatchObject({
      AuthorizerType: 'JWT',
      IdentitySource: ['$request.header.Authorization'],
      JwtConfiguration: { Audience: [{ Ref: expect.stringMatching(/^ConsoleSignInConsoleClient/) }] },
    });
    expect(JSON.stringify(authorizer.JwtConfiguration.Issuer)).toContain('cognito-idp.eu-west-2');
  });

  it('checks tokens from the configured OIDC provider instead, and makes no user pool', () => {
    const authorizer = only(oidc.hub, 'AWS::ApiGatewayV2::Authorizer').Properties;
    expect(authorizer.JwtConfiguration).toEqual({
      Issuer: 'https://login.microsoftonline.com/00000000-0000-4000-8000-00000000000a/v2.0',
      Audience: ['api://adt-hub-console'],
    });
    oidc.hub.resourceCountIs('AWS::Cognito::UserPool', 0);
    // The functions read roles and names from the claims the configuration names.
    oidc.hub.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: Match.objectLike({
          ADT_HUB_CONSOLE_GROUPS_CLAIM: 'roles',
          ADT_HUB_CONSOLE_USERNAME_CLAIM: 'preferred_username',
        }),
      },
    });
    const csp = JSON.stringify(oidc.hub.findResources('AWS::CloudFront::ResponseHeadersPolicy'));
    expect(csp).toContain("connect-src 'self' https://login.microsoftonline.com;");
  });

  it('keeps its own access log without query strings, and is throttled', () => {
    const apiId = consoleApi(example.hub);
    const stage = Object.values(example.hub.findResources('AWS::ApiGatewayV2::Stage')).find(
      (s) => s.Properties.ApiId.Ref === apiId,
    );
    const format = JSON.parse(stage?.Properties.AccessLogSettings.Format) as Record<string, string>;
    expect(format).toMatchObject({ route: '$context.routeKey', subject: '$context.authorizer.claims.sub' });
    expect(JSON.stringify(format)).not.toMatch(/querystring|path/i);
    expect(stage?.Properties.DefaultRouteSettings.ThrottlingRateLimit).toBeGreaterThan(0);
  });
});

describe('the user pool', () => {
  it('requires MFA by authenticator app, lets only administrators create people, and is kept', () => {
    const pool = example.hub.findResources('AWS::Cognito::UserPool');
    const [entry] = Object.values(pool);
    expect(entry?.DeletionPolicy).toBe('Retain');
    expect(entry?.Properties).toMatchObject({
      MfaConfiguration: 'ON',
      EnabledMfas: ['SOFTWARE_TOKEN_MFA'],
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
      DeletionProtection: 'ACTIVE',
      UserPoolTier: 'PLUS',
      Policies: { PasswordPolicy: { MinimumLength: 12, RequireSymbols: true } },
    });
  });

  it('has a group per role and for the reveal permission', () => {
    const groups = Object.values(example.hub.findResources('AWS::Cognito::UserPoolGroup')).map(
      (group) => group.Properties.GroupName,
    );
    expect(groups.sort()).toEqual(['admin', 'operator', 'reveal-patient', 'reviewer', 'viewer']);
  });

  it('gives the console a public client: code with PKCE back to the console only, hour-long tokens', () => {
    const client = only(example.hub, 'AWS::Cognito::UserPoolClient').Properties;
    expect(client).toMatchObject({
      GenerateSecret: false,
      AllowedOAuthFlows: ['code'],
      AllowedOAuthFlowsUserPoolClient: true,
      AllowedOAuthScopes: ['openid'],
      CallbackURLs: ['https://adt-hub.example.org/auth/callback'],
      LogoutURLs: ['https://adt-hub.example.org/signed-out'],
      SupportedIdentityProviders: ['COGNITO'],
      PreventUserExistenceErrors: 'ENABLED',
      AccessTokenValidity: 60,
      RefreshTokenValidity: 60,
      EnableTokenRevocation: true,
    });
    expect(client.ExplicitAuthFlows ?? []).not.toContain('ALLOW_USER_PASSWORD_AUTH');
  });
});

describe('the console functions’ grants', () => {
  /** Every (action, resource) pair a function's role allows, resources as the hub template has them. */
  function allowed(template: Template, description: RegExp) {
    const functions = Object.values(template.findResources('AWS::Lambda::Function'));
    const fn = functions.find((f) => description.test(String(f.Properties.Description)));
    const roleId = fn?.Properties.Role['Fn::GetAtt'][0] as string;
    const statements = Object.values(template.findResources('AWS::IAM::Policy'))
      .filter((policy) => (policy.Properties.Roles as { Ref: string }[]).some((r) => r.Ref === roleId))
      .flatMap((policy) => policy.Properties.PolicyDocument.Statement as Record<string, Json>[]);
    const pairs = (statement: Record<string, Json>) =>
      [statement.Action]
        .flat()
        .flatMap((action: string) =>
          [statement.Resource].flat().map((resource: unknown) => `${action} ${JSON.stringify(resource)}`),
        );
    return {
      environment: fn?.Properties.Environment.Variables as Record<string, unknown>,
      plain: statements
        .filter((s) => s.Effect === 'Allow' && s.Condition === undefined)
        .flatMap(pairs)
        .filter((pair) => !pair.startsWith('xray:'))
        .sort(),
      conditional: statements.filter((s) => s.Effect === 'Allow' && s.Condition !== undefined),
      denied: statements.filter((s) => s.Effect === 'Deny'),
      xray: statements.filter((s) => [s.Action].flat().some((a: string) => a.startsWith('xray:'))),
    };
  }

  /** What lib/console-access.ts says, with each resource as the hub stack refers to it. */
  function expected(stacks: Stacks, access: 'read' | 'change'): string[] {
    const { state, hub } = stacks;
    const table = (definition: Parameters<typeof state.tables.get>[0]) =>
      hub.resolve(state.tables.get(definition)?.tableArn);
    const queue = (definition: typeof INGEST_QUEUE, deadLetter: boolean) => {
      const found = state.queues.get(definition);
      return hub.resolve(deadLetter ? found?.deadLetter.queueArn : found?.queue.queueArn);
    };
    const resources: Record<ConsoleResource, unknown[]> = {
      messages: [table(MESSAGES_TABLE)],
      senders: [table(SENDERS_TABLE)],
      registry: [table(REGISTRY_TABLE)],
      alerts: [table(ALERTS_TABLE)],
      ingestQueue: [queue(INGEST_QUEUE, false)],
      ingestDeadLetters: [queue(INGEST_QUEUE, true)],
      webhookQueue: [queue(WEBHOOK_QUEUE, false)],
      webhookDeadLetters: [queue(WEBHOOK_QUEUE, true)],
      subscriberQueues: [
        hub.resolve(
          hub.formatArn({
            service: 'sqs',
            resource: subscriberQueueName(stacks.config.deployment, 'sc-north'),
          }),
        ),
      ],
    };
    const key = hub.resolve(state.key.keyArn);
    return [
      ...Object.entries(CONSOLE_GRANTS[access]).flatMap(([resource, actions]) =>
        actions.flatMap((action) =>
          resources[resource as ConsoleResource].map((arn) => `${action} ${JSON.stringify(arn)}`),
        ),
      ),
      ...CONSOLE_KEY_ACTIONS.map((action) => `${action} ${JSON.stringify(key)}`),
    ].sort();
  }

  it('lets the read function read what the pages show, and nothing else', () => {
    const read = allowed(example.hub, /^Console API: pages/);
    expect(read.plain).toEqual(expected(example.stacks, 'read'));
    expect(
      read.plain.filter((pair) => /dynamodb:(Put|Update|Delete|BatchWrite)|sqs:(Send|Delete)/.test(pair)),
    ).toEqual([]);
    expect(read.environment.ADT_HUB_CONSOLE_ACCESS).toBe('read');
  });

  it('lets the read function write one thing: audit entries, in the audit partition only', () => {
    const read = allowed(example.hub, /^Console API: pages/);
    expect(read.conditional).toEqual([
      {
        Effect: 'Allow',
        Action: 'dynamodb:PutItem',
        Resource: example.stacks.hub.resolve(example.stacks.state.tables.get(REGISTRY_TABLE)?.tableArn),
        Condition: { 'ForAllValues:StringEquals': { 'dynamodb:LeadingKeys': [AUDIT_PARTITION] } },
      },
    ]);
  });

  it('lets the change function write only what decisions, redrives, subscribers and roster imports write', () => {
    const change = allowed(example.hub, /^Console API: review decisions/);
    expect(change.plain).toEqual(expected(example.stacks, 'change'));
    expect(change.conditional).toEqual([]);
    // It never reads the senders or scans the messages; it never touches the ingest queue.
    expect(
      change.plain.filter((pair) => /sendersTable|dynamodb:Scan .*messagesTable|ingest/.test(pair)),
    ).toEqual([]);
    expect(change.environment.ADT_HUB_CONSOLE_ACCESS).toBe('change');
  });

  it('denies both functions changing or deleting an audit entry', () => {
    for (const description of [/^Console API: pages/, /^Console API: review decisions/]) {
      expect(allowed(example.hub, description).denied).toEqual([
        {
          Effect: 'Deny',
          Action: [...AUDIT_NEVER],
          Resource: example.stacks.hub.resolve(example.stacks.state.tables.get(REGISTRY_TABLE)?.tableArn),
          Condition: { 'ForAnyValue:StringEquals': { 'dynamodb:LeadingKeys': [AUDIT_PARTITION] } },
        },
      ]);
    }
  });

  it('gives both functions every setting their entry point reads', () => {
    // functions/lambda/console-api.ts reads CONSOLE_SETTINGS and CONSOLE_VARIABLES; those without a
    // default must be in the environment, or the function fails at its first cold start.
    const needed = [
      ...CONSOLE_SETTINGS.filter((name) => !('default' in settingSpec(name))).map((name) => variableOf(name)),
      CONSOLE_ACCESS_ENV,
    ];
    for (const description of [/^Console API: pages/, /^Console API: review decisions/]) {
      const { environment } = allowed(example.hub, description);
      expect(Object.keys(environment)).toEqual(expect.arrayContaining(needed));
      expect(environment).toMatchObject({
        ADT_HUB_DEPLOYMENT: 'example',
        ADT_HUB_MESSAGE_RETENTION_DAYS: '30',
        ADT_HUB_REGISTRY_RETENTION_DAYS: '365',
        ADT_HUB_CONSOLE_GROUPS_CLAIM: 'cognito:groups',
        ADT_HUB_CONSOLE_USERNAME_CLAIM: 'username',
      });
    }
  });

  it('sends the read routes to the read function and the change routes to the change function', () => {
    const { hub } = example;
    const integrations = hub.findResources('AWS::ApiGatewayV2::Integration');
    const functions = hub.findResources('AWS::Lambda::Function');
    for (const route of Object.values(hub.findResources('AWS::ApiGatewayV2::Route'))) {
      const [method, path] = String(route.Properties.RouteKey).split(' ');
      if (!path?.startsWith('/api/')) continue;
      const target = route.Properties.Target['Fn::Join'][1][1].Ref as string;
      const fnId = integrations[target]?.Properties.IntegrationUri['Fn::GetAtt'][0] as string;
      const served = functions[fnId]?.Properties.Environment.Variables.ADT_HUB_CONSOLE_ACCESS;
      const declared = ROUTES.find((r) => r.method === method && apiRoutePath(r.pattern) === path)?.access;
      expect(served, route.Properties.RouteKey).toBe(declared);
    }
  });
});

describe('cdk-nag', () => {
  it('finds nothing unacknowledged with an OIDC provider and no domain of its own', () => {
    expect(() => oidc.app.synth()).not.toThrow();
  });
});
