// The shape of a deployment's configuration, once checked (validate.ts): what the CDK app builds from.
import type { AdtEventName } from '../../functions/core/normalise/events.ts';

/** London: where the hub keeps patient data unless a file says otherwise. */
export const DEFAULT_REGION = 'eu-west-2';

export const DEFAULT_DEPLOYMENT = 'prod';

/** The retention periods CloudWatch Logs accepts, in days. */
export const LOG_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;

export type LogRetentionDays = (typeof LOG_RETENTION_DAYS)[number];

export interface SenderConfig {
  /** The sender id: in the sender's items, logs and `adt-hub trace`. */
  id: string;
  name?: string;
  /** MSH-4 facilities it may send for, or `["*"]` for any. */
  facilities: string[];
  /** SHA-256 of the sender's key, 64 lower-case hex digits: the key itself is never configured. */
  keyHash: string;
  /** CIDRs it connects from over MLLP (the listener knows MLLP senders by network). */
  networks?: string[];
}

export type SubscriberDeliveryConfig =
  | {
      kind: 'webhook';
      /** https:// only. */
      url: string;
      /** Name (or ARN) of the Secrets Manager secret holding its `whsec_…` Standard Webhooks secret. */
      secretName: string;
    }
  | {
      kind: 'sqs';
      /** Accounts that may read the subscriber's queue (besides the hub's own); empty when none. */
      consumerAccounts: string[];
    };

export interface SubscriberConfig {
  /** Its id: the registry's key and part of its queue's name. */
  id: string;
  name: string;
  /** The events it receives; DEFAULT_EVENTS when the file lists none. */
  events: AdtEventName[];
  /** ODS code of a GP practice: it also hears about everyone registered there (PD1-3). */
  practice?: string;
  delivery: SubscriberDeliveryConfig;
}

/** The MLLP listener on AWS (lib/constructs/mllp-service.ts); validated here, wired by the hub stack. */
export interface MllpListenerConfig {
  /** ACM certificate for the load balancer's TLS listener, in the deployment's region. */
  certificateArn: string;
  /** IPv4 CIDRs that may connect. */
  allowedCidrs: string[];
  internetFacing?: boolean;
  minTasks?: number;
  maxTasks?: number;
}

/** The console's sign-in: the user pool the hub stack creates (the default). */
export interface CognitoIdentityConfig {
  kind: 'cognito';
  /** The hosted UI's domain prefix (`<prefix>.auth.<region>.amazoncognito.com`); default `adt-hub-<deployment>-<account>`. */
  domainPrefix?: string;
}

/** The console's sign-in: an existing OpenID Connect provider (a trust's or an ICB's own). */
export interface OidcIdentityConfig {
  kind: 'oidc';
  /** The tokens' `iss`, https. */
  issuer: string;
  /** Accepted `aud` values of the access tokens the console sends. */
  audience: string[];
  /** The console's client id at the provider (a public client: authorization code with PKCE). */
  clientId: string;
  authorizationUrl: string;
  tokenUrl: string;
  /** Where signing out ends the provider's session too (`end_session_endpoint`), if it has one. */
  logoutUrl?: string;
  /** Scopes asked for: at least one that makes the provider issue an access token for `audience`. */
  scopes: string[];
  /** The access token's claim listing the roles (`groups`, `roles`). */
  groupsClaim: string;
  /** The access token's claim naming the person in the audit trail (`sub` when a token lacks it). */
  usernameClaim: string;
}

/** The operator console on AWS (lib/constructs/console-*.ts). */
export interface ConsoleConfig {
  identity: CognitoIdentityConfig | OidcIdentityConfig;
  /**
   * The console's own domain and its ACM certificate (in us-east-1, as CloudFront needs). Without
   * them the console is at a *.cloudfront.net address, where CloudFront cannot require TLS 1.2.
   */
  domainName?: string;
  certificateArn?: string;
}

/** One function's sizing: how many may run at once (a ceiling, reserved) and its memory. */
export interface FunctionSizing {
  /** Reserved concurrency: at most this many run at once, and the account keeps them for it. */
  reservedConcurrency: number;
  /** Memory in MiB (CPU grows with it). */
  memoryMiB: number;
}

/** The hub's functions, as the configuration names them. */
export const FUNCTION_NAMES = [
  'ingest',
  'process',
  'deliverWebhook',
  'consoleRead',
  'consoleChange',
] as const;
export type FunctionName = (typeof FUNCTION_NAMES)[number];

/** The defaults: what the hub was sized and measured with. */
export const DEFAULT_FUNCTION_SIZING: Readonly<Record<FunctionName, FunctionSizing>> = {
  ingest: { reservedConcurrency: 50, memoryMiB: 512 },
  process: { reservedConcurrency: 20, memoryMiB: 1024 },
  deliverWebhook: { reservedConcurrency: 20, memoryMiB: 512 },
  // A few people use the console: a low ceiling keeps a scan of the messages table from crowding
  // ingest. A roster import of tens of thousands of rows needs the memory.
  consoleRead: { reservedConcurrency: 10, memoryMiB: 1024 },
  consoleChange: { reservedConcurrency: 5, memoryMiB: 1024 },
};

/** A new account's Lambda concurrency quota by default (some new accounts start lower). */
export const DEFAULT_ACCOUNT_CONCURRENCY = 1000;

/** What Lambda keeps unreserved in every account: reservations may not eat into it. */
export const UNRESERVED_CONCURRENCY_MINIMUM = 100;

export interface HubConfig {
  /** Names the stacks, tables and queues: `adt-hub-<deployment>-…`. */
  deployment: string;
  region: string;
  /** The target account; when absent the stacks take the CLI's (CDK_DEFAULT_ACCOUNT). */
  account?: string;
  /** Subscribed to the alarm topic. */
  alarmEmail?: string;
  /** An SNS topic of the operations team's own (paging, chat) that every alarm also notifies. */
  alarmTopicArn?: string;
  retention: {
    /**
     * Days a received HL7 message is kept (DynamoDB TTL); also how long backups are kept, and the
     * point-in-time recovery window (at most 35 days), so no copy outlives the message.
     */
    messageDays: number;
    /**
     * Days the registry keeps what it learned of a person (visit history, learned hospital numbers,
     * review items) after its last change (DynamoDB TTL). Rosters stay until their subscriber
     * replaces them; the audit trail stays.
     */
    registryDays: number;
    /** Days the functions' logs are kept. */
    logDays: LogRetentionDays;
  };
  /** Each function's reserved concurrency and memory, and the account's concurrency quota. */
  functions: Record<FunctionName, FunctionSizing> & {
    /**
     * The account's Lambda concurrent executions quota in the deployment's region, as the operator
     * knows it (default 1000): synth warns when the reservations need more.
     */
    accountConcurrencyQuota: number;
  };
  senders: SenderConfig[];
  subscribers: SubscriberConfig[];
  mllp?: MllpListenerConfig;
  /** The operator console: always deployed; signs in with Cognito unless the file names a provider. */
  console: ConsoleConfig;
  /** Where it came from: the file as named, or `context` when there was no file. */
  source: string;
}
