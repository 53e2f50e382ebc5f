// The `console` section: who signs people in to the operator console (the stack's own Cognito user
// pool, or an existing OIDC provider), and the console's own domain.
import { type Checker, join_ } from './checker.ts';
import { CERTIFICATE_ARN, httpsUrlProblem } from './rules.ts';
import type { ConsoleConfig, OidcIdentityConfig } from './types.ts';

/** A DNS name of at least two labels, lower case. */
const DOMAIN_NAME = /^(?=.{4,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

/** Cognito's rule for a hosted UI prefix; it also refuses the words aws, amazon and cognito. */
const DOMAIN_PREFIX = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

/** A JWT claim name, as the console functions' settings take it. */
const CLAIM = /^[A-Za-z0-9_:./-]{1,128}$/;

const CLIENT_ID = /^[\x21-\x7e]{1,256}$/;

const SCOPE = /^[\x21\x23-\x5b\x5d-\x7e]{1,256}$/;

/** CloudFront takes its certificates from this region only. */
const CLOUDFRONT_CERTIFICATE_REGION = 'us-east-1';

export function consoleOf(check: Checker, value: unknown, account: string | undefined): ConsoleConfig {
  const fallback: ConsoleConfig = { identity: { kind: 'cognito' } };
  if (value === undefined) return fallback;
  const doc = check.object(value, 'console', ['cognito', 'oidc', 'domainName', 'certificateArn']);
  if (doc === undefined) return fallback;

  let identity: ConsoleConfig['identity'] | undefined = { kind: 'cognito' };
  if (doc.cognito !== undefined && doc.oidc !== undefined) {
    identity = check.fail('console', "give 'cognito' or 'oidc', not both: one provider signs people in");
  } else if (doc.oidc !== undefined) {
    identity = oidcOf(check, doc.oidc);
  } else if (doc.cognito !== undefined) {
    const cognito = check.object(doc.cognito, 'console.cognito', ['domainPrefix']);
    const prefix = cognito?.domainPrefix;
    if (prefix !== undefined) {
      const checked = check.string(
        prefix,
        'console.cognito.domainPrefix',
        DOMAIN_PREFIX,
        'lower-case letters, digits and hyphens (1-63)',
      );
      if (checked !== undefined && /aws|amazon|cognito/.test(checked)) {
        check.fail(
          'console.cognito.domainPrefix',
          "must not contain 'aws', 'amazon' or 'cognito' (Cognito refuses them)",
        );
      } else if (checked !== undefined) identity = { kind: 'cognito', domainPrefix: checked };
    }
  }

  const domainName =
    doc.domainName === undefined
      ? undefined
      : check.string(
          doc.domainName,
          'console.domainName',
          DOMAIN_NAME,
          'a lower-case DNS name, e.g. adt-hub.example.org',
        );
  let certificateArn: string | undefined;
  if (doc.certificateArn !== undefined) {
    certificateArn = check.string(
      doc.certificateArn,
      'console.certificateArn',
      CERTIFICATE_ARN,
      'an ACM certificate ARN',
    );
    const [, region, certificateAccount] = CERTIFICATE_ARN.exec(certificateArn ?? '') ?? [];
    if (certificateArn !== undefined && region !== CLOUDFRONT_CERTIFICATE_REGION) {
      certificateArn = check.fail(
        'console.certificateArn',
        `must be a certificate in ${CLOUDFRONT_CERTIFICATE_REGION}, where CloudFront takes them from (it is in ${region})`,
      );
    } else if (certificateArn !== undefined && account !== undefined && certificateAccount !== account) {
      certificateArn = check.fail(
        'console.certificateArn',
        `must be a certificate in the deployment's account ${account} (it is in ${certificateAccount})`,
      );
    }
  }
  if ((doc.domainName === undefined) !== (doc.certificateArn === undefined)) {
    check.fail(
      doc.domainName === undefined ? 'console.domainName' : 'console.certificateArn',
      'is required with the other: the console’s domain and its certificate go together',
    );
  }
  return {
    identity: identity ?? fallback.identity,
    ...(domainName !== undefined && { domainName }),
    ...(certificateArn !== undefined && { certificateArn }),
  };
}

function oidcOf(check: Checker, value: unknown): OidcIdentityConfig | undefined {
  const path = 'console.oidc';
  const doc = check.object(value, path, [
    'issuer',
    'audience',
    'clientId',
    'authorizationUrl',
    'tokenUrl',
    'logoutUrl',
    'scopes',
    'groupsClaim',
    'usernameClaim',
  ]);
  if (doc === undefined) return undefined;
  const url = (key: string, says: string, required: boolean): string | undefined => {
    const raw = required ? check.required(doc, key, path, says) : doc[key];
    if (raw === undefined) return undefined;
    const problem = typeof raw === 'string' ? httpsUrlProblem(raw) : 'must be an https:// URL';
    return problem === undefined ? (raw as string) : check.fail(join_(path, key), problem);
  };
  const issuer = url('issuer', 'the tokens’ iss, an https:// URL', true);
  const authorizationUrl = url('authorizationUrl', 'the provider’s authorization endpoint', true);
  const tokenUrl = url('tokenUrl', 'the provider’s token endpoint', true);
  const logoutUrl = url('logoutUrl', '', false);
  const strings = (key: string, rule: RegExp, says: string, fallback?: string[]): string[] | undefined => {
    const raw = fallback === undefined ? check.required(doc, key, path, says) : doc[key];
    if (raw === undefined) return fallback;
    const list = check.array(raw, join_(path, key), true);
    if (list === undefined) return undefined;
    const items = list.map((item, index) => check.string(item, join_(join_(path, key), index), rule, says));
    return items.every((item) => item !== undefined) ? (items as string[]) : undefined;
  };
  const audience = strings('audience', CLIENT_ID, 'the access tokens’ aud values');
  const scopes = strings('scopes', SCOPE, 'OAuth scopes', ['openid']);
  const clientIdValue = check.required(doc, 'clientId', path, 'the console’s client id at the provider');
  const clientId =
    clientIdValue === undefined
      ? undefined
      : check.string(clientIdValue, `${path}.clientId`, CLIENT_ID, 'a client id (printable, no spaces)');
  const claim = (key: string, fallback: string) =>
    doc[key] === undefined ? fallback : check.string(doc[key], join_(path, key), CLAIM, 'a JWT claim name');
  const groupsClaim = claim('groupsClaim', 'groups');
  const usernameClaim = claim('usernameClaim', 'preferred_username');
  if (
    issuer === undefined ||
    audience === undefined ||
    clientId === undefined ||
    authorizationUrl === undefined ||
    tokenUrl === undefined ||
    scopes === undefined ||
    groupsClaim === undefined ||
    usernameClaim === undefined ||
    (doc.logoutUrl !== undefined && logoutUrl === undefined)
  )
    return undefined;
  return {
    kind: 'oidc',
    issuer,
    audience,
    clientId,
    authorizationUrl,
    tokenUrl,
    ...(logoutUrl !== undefined && { logoutUrl }),
    scopes,
    groupsClaim,
    usernameClaim,
  };
}
