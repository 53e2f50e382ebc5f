// Who may sign in to the operator console, and how the console API checks it: the hub's own Cognito
// user pool (MFA required, no self sign-up, one group per role) with a public app client for the
// console's authorization-code-with-PKCE sign-in, or an existing OIDC provider named in the
// configuration. Either way, a JWT authorizer for the console's HTTP API, and what the page needs to
// know to sign in (auth-config.json, deployed beside it).
import { CfnOutput, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import type { IHttpRouteAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpJwtAuthorizer, HttpUserPoolAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import {
  AccountRecovery,
  CfnUserPoolGroup,
  FeaturePlan,
  Mfa,
  OAuthScope,
  StandardThreatProtectionMode,
  UserPool,
  UserPoolClient,
  UserPoolClientIdentityProvider,
} from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';
import type { AuthConfig } from '../../console/src/pkce.ts';
import { GROUPS, REVEAL_PERMISSION } from '../../functions/console-api/roles.ts';
import type { ConsoleConfig } from '../config/index.ts';

/**
 * Where the console page sends people to sign in, and how it asks for a token: the page's own type
 * (console/src/pkce.ts), written to /auth-config.json at deployment.
 */
export type ConsoleAuthConfig = AuthConfig;

export interface ConsoleIdentityProps {
  deployment: string;
  identity: ConsoleConfig['identity'];
  /** The console's https:// address (a token until deployed): where sign-in and sign-out come back to. */
  consoleUrl: string;
  /** The deployment's account, when the configuration names one (the hosted UI's default prefix). */
  account?: string;
}

/** How long a sign-in lasts: an access token, and no longer (the page keeps no refresh token). */
export const CONSOLE_TOKEN_VALIDITY = Duration.hours(1);

const ROLE_DESCRIPTIONS: Readonly<Record<string, string>> = {
  viewer: 'Messages, deliveries, subscribers, senders and health, patients masked',
  reviewer: 'As viewer, and the review list with its decisions',
  operator: 'As reviewer, and redrive, roster uploads and adding subscribers',
  admin: 'As operator, and the audit trail',
  [REVEAL_PERMISSION]: 'Sees unmasked patient details; every reveal is audited (with any role)',
};

export class ConsoleIdentity extends Construct {
  readonly authorizer: IHttpRouteAuthorizer;
  /** What the page reads from /auth-config.json. */
  readonly authConfig: ConsoleAuthConfig;
  /** The origin of the token endpoint, which the page's Content-Security-Policy must let it reach. */
  readonly tokenOrigin: string;
  /** The claims the console functions read roles and names from. */
  readonly claims: { groupsClaim: string; usernameClaim: string };
  /** The hub's own user pool, when it signs people in (not with an OIDC provider). */
  readonly userPool?: UserPool;

  constructor(scope: Construct, id: string, props: ConsoleIdentityProps) {
    super(scope, id);
    const { identity } = props;
    if (identity.kind === 'oidc') {
      this.authorizer = new HttpJwtAuthorizer('ConsoleJwt', identity.issuer, {
        jwtAudience: identity.audience,
        identitySource: ['$request.header.Authorization'],
      });
      this.authConfig = {
        authorizationUrl: identity.authorizationUrl,
        tokenUrl: identity.tokenUrl,
        clientId: identity.clientId,
        scopes: identity.scopes,
        ...(identity.logoutUrl !== undefined && {
          logout: { url: identity.logoutUrl, redirectParameter: 'post_logout_redirect_uri' },
        }),
      };
      this.tokenOrigin = new URL(identity.tokenUrl).origin;
      this.claims = { groupsClaim: identity.groupsClaim, usernameClaim: identity.usernameClaim };
      return;
    }

    const stack = Stack.of(this);
    const userPool = new UserPool(this, 'Users', {
      userPoolName: `adt-hub-${props.deployment}-console`,
      // People are added by an administrator (docs/deploy.md), never by themselves.
      selfSignUpEnabled: false,
      signInAliases: { username: true, email: true },
      signInCaseSensitive: false,
      standardAttributes: { email: { required: true, mutable: true } },
      mfa: Mfa.REQUIRED,
      // An authenticator app: SMS codes can be redirected, and cost per message.
      mfaSecondFactor: { otp: true, sms: false },
      passwordPolicy: {
        minLength: 12,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
      },
      accountRecovery: AccountRecovery.EMAIL_ONLY,
      // Compromised-credential checks and adaptive sign-in: pennies a month for a few dozen staff.
      featurePlan: FeaturePlan.PLUS,
      standardThreatProtectionMode: StandardThreatProtectionMode.FULL_FUNCTION,
      userInvitation: {
        emailSubject: `ADT Hub console (${props.deployment}): your account`,
        emailBody: `You have an account on the ADT Hub operator console (${props.deployment}). User name: {username}. Temporary password: {####}. Sign in at ${props.consoleUrl}/ within 3 days: you will choose a new password and set up an authenticator app.`,
      },
      deletionProtection: true,
      // The people and their groups outlive the stack, like the tables.
      removalPolicy: RemovalPolicy.RETAIN,
    });
    for (const group of GROUPS) {
      new CfnUserPoolGroup(this, `Group-${group}`, {
        userPoolId: userPool.userPoolId,
        groupName: group,
        description: ROLE_DESCRIPTIONS[group],
      });
    }
    const prefix = identity.domainPrefix ?? `adt-hub-${props.deployment}-${props.account ?? stack.account}`;
    userPool.addDomain('HostedUi', { cognitoDomain: { domainPrefix: prefix } });
    // Built from the prefix rather than the domain resource, so the page's CSP (on the distribution)
    // does not depend on the pool, whose invitation names the distribution's address.
    const hostedUi = `https://${prefix}.auth.${stack.region}.amazoncognito.com`;
    const client = new UserPoolClient(this, 'ConsoleClient', {
      userPool,
      userPoolClientName: 'operator-console',
      // A browser page: a public client, authorization code with PKCE, nothing else.
      generateSecret: false,
      authFlows: {},
      oAuth: {
        flows: { authorizationCodeGrant: true },
        scopes: [OAuthScope.OPENID],
        callbackUrls: [`${props.consoleUrl}/auth/callback`],
        logoutUrls: [`${props.consoleUrl}/signed-out`],
      },
      supportedIdentityProviders: [UserPoolClientIdentityProvider.COGNITO],
      preventUserExistenceErrors: true,
      accessTokenValidity: CONSOLE_TOKEN_VALIDITY,
      idTokenValidity: CONSOLE_TOKEN_VALIDITY,
      // Cognito's shortest; the page never keeps the refresh token it is given.
      refreshTokenValidity: Duration.minutes(60),
      enableTokenRevocation: true,
    });
    this.authorizer = new HttpUserPoolAuthorizer('ConsoleUserPool', userPool, {
      userPoolClients: [client],
      identitySource: ['$request.header.Authorization'],
    });
    this.authConfig = {
      authorizationUrl: `${hostedUi}/oauth2/authorize`,
      tokenUrl: `${hostedUi}/oauth2/token`,
      clientId: client.userPoolClientId,
      scopes: ['openid'],
      logout: { url: `${hostedUi}/logout`, redirectParameter: 'logout_uri' },
    };
    this.tokenOrigin = hostedUi;
    this.claims = { groupsClaim: 'cognito:groups', usernameClaim: 'username' };
    this.userPool = userPool;
    new CfnOutput(stack, 'ConsoleUserPoolId', {
      description: `ADT Hub ${props.deployment}: the console's user pool (add people and their groups here)`,
      value: userPool.userPoolId,
    });
  }
}
