// The operator console's pages on AWS: the build (made here, at synth, offline) in a private S3
// bucket that only this CloudFront distribution may read (origin access control), the console API
// under /api on the same distribution (one origin for the page: no CORS, connect-src 'self'),
// HTTPS only, and the console's security headers on every answer (a response headers policy).
import {
  AssetHashType,
  CfnOutput,
  DockerImage,
  Duration,
  RemovalPolicy,
  Stack,
  Token,
  Validations,
} from 'aws-cdk-lib';
import type { HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import { Certificate } from 'aws-cdk-lib/aws-certificatemanager';
import {
  AllowedMethods,
  CachePolicy,
  Distribution,
  Function as EdgeFunction,
  FunctionCode,
  FunctionEventType,
  FunctionRuntime,
  HeadersFrameOption,
  HeadersReferrerPolicy,
  HttpVersion,
  OriginProtocolPolicy,
  OriginRequestPolicy,
  OriginSslPolicy,
  PriceClass,
  ResponseHeadersPolicy,
  SecurityPolicyProtocol,
  ViewerProtocolPolicy,
} from 'aws-cdk-lib/aws-cloudfront';
import { HttpOrigin, S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import {
  BlockPublicAccess,
  Bucket,
  BucketEncryption,
  type CfnBucket,
  ObjectOwnership,
} from 'aws-cdk-lib/aws-s3';
import { BucketDeployment, Source } from 'aws-cdk-lib/aws-s3-deployment';
import { Construct } from 'constructs';
import { buildConsoleInto, CONSOLE_DIR } from '../../local/console/build.ts';
import { hostedPagePolicy, RESOURCE_POLICY, SECURITY_HEADERS } from '../../local/console/security.ts';
import type { ConsoleAuthConfig } from './console-identity.ts';

/**
 * CloudFront Function (viewer request) on the pages: a path without a file extension is one of the
 * console's own pages (/messages, /review/R1, /auth/callback), answered with index.html; its router
 * decides. Done here rather than with error pages, which would also turn the API's 403s and 404s
 * into the page.
 */
export const PAGE_ROUTER_CODE = `function handler(event) {
  var request = event.request;
  var name = request.uri.substring(request.uri.lastIndexOf('/') + 1);
  if (name.indexOf('.') === -1) request.uri = '/index.html';
  return request;
}`;

/** Two years, as HSTS preload lists ask. */
const HSTS_MAX_AGE = Duration.days(730);

export interface ConsoleHostingProps {
  deployment: string;
  /** The console's HTTP API, served under /api. */
  api: HttpApi;
  /** The identity provider's token endpoint origin: the page may connect to it (and nothing else). */
  signInOrigin: string;
  /** The console's own domain and its ACM certificate (us-east-1); the CloudFront address otherwise. */
  domainName?: string;
  certificateArn?: string;
  /** Encrypts the deployment function's log group. */
  logKey: IKey;
  logRetention: RetentionDays;
}

export class ConsoleHosting extends Construct {
  readonly bucket: Bucket;
  readonly distribution: Distribution;
  /** https://<domain>, no trailing slash: the console's address. */
  readonly url: string;

  constructor(scope: Construct, id: string, props: ConsoleHostingProps) {
    super(scope, id);
    const stack = Stack.of(this);

    this.bucket = new Bucket(this, 'Pages', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      versioned: true,
      lifecycleRules: [{ noncurrentVersionExpiration: Duration.days(30) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const pagesOnly =
      'The console’s built pages (HTML, scripts, styles): no patient data, nothing that is not also sent to every browser that opens the console';
    const acknowledgeBucket = (id: string, reason: string) =>
      Validations.of(this.bucket).acknowledge({ id, reason });
    acknowledgeBucket(
      'AwsSolutions::AwsSolutions-S1',
      `${pagesOnly}; only the distribution reads it (origin access control), and each deployment replaces it whole.`,
    );
    acknowledgeBucket(
      'HIPAA.Security::HIPAA.Security-S3BucketLoggingEnabled',
      `${pagesOnly}; only the distribution reads it, and writes are the deployment’s, in CloudTrail.`,
    );
    acknowledgeBucket(
      'HIPAA.Security::HIPAA.Security-S3BucketReplicationEnabled',
      `${pagesOnly}; every synth rebuilds them from the repository, so a replica would recover nothing.`,
    );
    acknowledgeBucket(
      'HIPAA.Security::HIPAA.Security-S3DefaultEncryptionKMS',
      `${pagesOnly}; SSE-S3 at rest, TLS only, public access blocked. The hub’s data key is for patient data.`,
    );

    const pageRouter = new EdgeFunction(this, 'PageRouter', {
      code: FunctionCode.fromInline(PAGE_ROUTER_CODE),
      runtime: FunctionRuntime.JS_2_0,
      comment: 'The console’s page addresses are index.html',
    });

    const security = (csp: string) => ({
      contentSecurityPolicy: { contentSecurityPolicy: csp, override: true },
      strictTransportSecurity: {
        accessControlMaxAge: HSTS_MAX_AGE,
        includeSubdomains: true,
        override: true,
      },
      frameOptions: { frameOption: HeadersFrameOption.DENY, override: true },
      contentTypeOptions: { override: true },
      referrerPolicy: { referrerPolicy: HeadersReferrerPolicy.NO_REFERRER, override: true },
    });
    // The rest of the local console's headers (local/console/security.ts), in CloudFront's terms.
    const crossOrigin = [
      'cross-origin-opener-policy',
      'cross-origin-resource-policy',
      'permissions-policy',
    ].map((header) => ({ header, value: SECURITY_HEADERS[header] as string, override: true }));
    const headers = (name: string, csp: string, cacheControl?: string) =>
      new ResponseHeadersPolicy(this, `${name}Headers`, {
        comment: `ADT Hub ${props.deployment} console: ${name.toLowerCase()}`,
        securityHeadersBehavior: security(csp),
        customHeadersBehavior: {
          customHeaders: [
            ...crossOrigin,
            ...(cacheControl === undefined
              ? []
              : [{ header: 'cache-control', value: cacheControl, override: true }]),
          ],
        },
        removeHeaders: ['server'],
      });
    const pagePolicy = hostedPagePolicy(props.signInOrigin);
    // index.html and auth-config.json are checked on every load; the hashed assets never change.
    const pageHeaders = headers('Pages', pagePolicy, 'no-cache');
    const assetHeaders = headers('Assets', pagePolicy, 'public, max-age=31536000, immutable');
    // The API's answers: nothing may run or frame them; their own cache-control (no-store) stands.
    const apiHeaders = headers('Api', RESOURCE_POLICY);

    const pages = S3BucketOrigin.withOriginAccessControl(this.bucket);
    const apiOrigin = new HttpOrigin(`${props.api.apiId}.execute-api.${stack.region}.${stack.urlSuffix}`, {
      protocolPolicy: OriginProtocolPolicy.HTTPS_ONLY,
      originSslProtocols: [OriginSslPolicy.TLS_V1_2],
    });
    const custom = props.domainName !== undefined && props.certificateArn !== undefined;
    this.distribution = new Distribution(this, 'Distribution', {
      comment: `ADT Hub ${props.deployment}: operator console`,
      defaultRootObject: 'index.html',
      httpVersion: HttpVersion.HTTP2_AND_3,
      // Europe and North America: where the hub's people are; the cheapest class.
      priceClass: PriceClass.PRICE_CLASS_100,
      // TLS 1.2 and up, which CloudFront can require only on a domain with its own certificate.
      ...(custom && {
        domainNames: [props.domainName as string],
        certificate: Certificate.fromCertificateArn(this, 'Certificate', props.certificateArn as string),
        minimumProtocolVersion: SecurityPolicyProtocol.TLS_V1_2_2021,
      }),
      defaultBehavior: {
        origin: pages,
        viewerProtocolPolicy: ViewerProtocolPolicy.HTTPS_ONLY,
        allowedMethods: AllowedMethods.ALLOW_GET_HEAD,
        cachePolicy: CachePolicy.CACHING_OPTIMIZED,
        responseHeadersPolicy: pageHeaders,
        functionAssociations: [{ function: pageRouter, eventType: FunctionEventType.VIEWER_REQUEST }],
      },
      additionalBehaviors: {
        '/assets/*': {
          origin: pages,
          viewerProtocolPolicy: ViewerProtocolPolicy.HTTPS_ONLY,
          allowedMethods: AllowedMethods.ALLOW_GET_HEAD,
          cachePolicy: CachePolicy.CACHING_OPTIMIZED,
          responseHeadersPolicy: assetHeaders,
        },
        // Never cached; the viewer's headers (Authorization among them) go through, Host apart.
        '/api/*': {
          origin: apiOrigin,
          viewerProtocolPolicy: ViewerProtocolPolicy.HTTPS_ONLY,
          allowedMethods: AllowedMethods.ALLOW_ALL,
          cachePolicy: CachePolicy.CACHING_DISABLED,
          originRequestPolicy: OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
          responseHeadersPolicy: apiHeaders,
        },
      },
    });
    this.url = `https://${custom ? props.domainName : this.distribution.distributionDomainName}`;
    this.acknowledgeDistribution(custom);

    new CfnOutput(stack, 'ConsoleUrl', {
      description: `ADT Hub ${props.deployment}: the operator console (sign in with an account in its user pool or identity provider)`,
      value: `${this.url}/`,
    });
    if (custom) {
      new CfnOutput(stack, 'ConsoleDistributionDomainName', {
        description: `ADT Hub ${props.deployment}: point ${props.domainName} at this name (a CNAME, or an alias record)`,
        value: this.distribution.distributionDomainName,
      });
    }
  }

  /** The built console and what the page needs to sign in, uploaded on each deployment. */
  deploy(authConfig: ConsoleAuthConfig, logKey: IKey, logRetention: RetentionDays): void {
    const logGroup = new LogGroup(this, 'DeploymentLogs', {
      encryptionKey: logKey,
      retention: logRetention,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    new BucketDeployment(this, 'Deployment', {
      sources: [
        // Built at synth by Vite on this machine, offline. The asset is the build's output, named by
        // its hash: an unchanged console is not uploaded again.
        Source.asset(CONSOLE_DIR, {
          assetHashType: AssetHashType.OUTPUT,
          bundling: {
            // Never used: the local build succeeds, or it throws and the synth stops.
            image: DockerImage.fromRegistry('unused-the-console-builds-locally'),
            local: {
              tryBundle(outputDir: string) {
                buildConsoleInto(outputDir);
                return true;
              },
            },
          },
        }),
        Source.jsonData('auth-config.json', authConfig),
      ],
      destinationBucket: this.bucket,
      // The pages the browsers have cached must be asked for again.
      distribution: this.distribution,
      distributionPaths: ['/*'],
      logGroup,
      memoryLimit: 256,
    });
    acknowledgeDeploymentProvider(Stack.of(this), this.bucket);
  }

  private acknowledgeDistribution(custom: boolean): void {
    const acknowledge = (id: string, reason: string) =>
      Validations.of(this.distribution).acknowledge({ id, reason });
    acknowledge(
      'AwsSolutions::AwsSolutions-CFR1',
      'Sign-in with MFA guards every answer that holds data; a country allow-list would lock out staff on leave or on a provider’s VPN without protecting anything sign-in does not.',
    );
    acknowledge(
      'AwsSolutions::AwsSolutions-CFR2',
      'The pages are public static files and every API route needs a valid JWT (checked by API Gateway before any function runs) and is throttled; AWS WAF would add a fixed monthly cost for a console used by a few people.',
    );
    acknowledge(
      'AwsSolutions::AwsSolutions-CFR3',
      'CloudFront access logs would record each request’s query string, and a message search may be by NHS number. The console API keeps its own access log (route, status, caller’s IP and token subject, no query string) and the audit trail records every reveal, decision and change.',
    );
    if (!custom) {
      acknowledge(
        'AwsSolutions::AwsSolutions-CFR4',
        'Without console.domainName and console.certificateArn the console is at its *.cloudfront.net address, where CloudFront fixes the viewer TLS policy; with them it requires TLS 1.2 (TLSv1.2_2021). Current browsers refuse TLS below 1.2 themselves. Set a domain for production (docs/deploy.md).',
      );
    }
  }
}

/**
 * CDK's bucket deployment runs a function of its own (one per stack, at the stack's root) during
 * deployments only: it copies the built console from the CDK asset bucket into the pages bucket
 * and invalidates the distribution. Its findings, each with why it is acceptable.
 */
function acknowledgeDeploymentProvider(stack: Stack, pages: Bucket): void {
  const provider = stack.node.children.find((child) =>
    child.node.id.startsWith('Custom::CDKBucketDeployment'),
  );
  if (provider === undefined)
    throw new Error('ConsoleHosting: the bucket deployment’s function was not found');
  const acknowledge = (id: string, reason: string) => Validations.of(provider).acknowledge({ id, reason });
  const account = Token.isUnresolved(stack.account) ? '<AWS::AccountId>' : stack.account;
  const deployOnly =
    'CDK’s bucket deployment function runs only during deployments, invoked by CloudFormation to copy the built console (no patient data, no secrets) into its bucket';
  acknowledge(
    'AwsSolutions::AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
    `${deployOnly}; AWSLambdaBasicExecutionRole only lets it write its own logs, into an encrypted log group with a retention.`,
  );
  for (const wildcard of [
    'Action::s3:GetObject*',
    'Action::s3:GetBucket*',
    'Action::s3:List*',
    'Action::s3:DeleteObject*',
    'Action::s3:Abort*',
    `Resource::arn:<AWS::Partition>:s3:::cdk-hnb659fds-assets-${account}-${stack.region}/*`,
    `Resource::<${stack.getLogicalId(pages.node.defaultChild as CfnBucket)}.Arn>/*`,
  ]) {
    acknowledge(
      `AwsSolutions::AwsSolutions-IAM5[${wildcard}]`,
      `${deployOnly}: CDK grants it read on the CDK asset bucket and read, write and delete on the console’s pages bucket, which a copy that also prunes old files needs; nothing else.`,
    );
  }
  acknowledge(
    'AwsSolutions::AwsSolutions-IAM5[Resource::*]',
    `${deployOnly}; cloudfront:CreateInvalidation and GetInvalidation, as CDK grants them, for the one distribution it is given.`,
  );
  acknowledge(
    'HIPAA.Security::HIPAA.Security-IAMNoInlinePolicy',
    `${deployOnly}; the inline policy is the one CDK generates for it, used by nothing else.`,
  );
  for (const id of ['AwsSolutions::AwsSolutions-L1', 'Serverless::Serverless-LambdaLatestVersion']) {
    acknowledge(id, `${deployOnly}; its runtime is aws-cdk-lib’s choice, upgraded with aws-cdk-lib.`);
  }
  for (const id of ['HIPAA.Security::HIPAA.Security-LambdaDLQ', 'Serverless::Serverless-LambdaDLQ']) {
    acknowledge(
      id,
      `${deployOnly}: when the copy fails, CloudFormation fails and rolls back the deployment.`,
    );
  }
  acknowledge(
    'HIPAA.Security::HIPAA.Security-LambdaInsideVPC',
    `${deployOnly}; it calls only S3 and CloudFront over TLS with IAM authentication.`,
  );
  acknowledge(
    'HIPAA.Security::HIPAA.Security-LambdaConcurrency',
    `${deployOnly}, once per deployment: a concurrency ceiling would only slow deployments, and aws-cdk-lib offers no setting for it.`,
  );
  acknowledge(
    'Serverless::Serverless-LambdaTracing',
    `${deployOnly}; aws-cdk-lib offers no tracing setting for it and there is no request flow to trace.`,
  );
}
