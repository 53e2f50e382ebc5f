// Signing in, on AWS only. The local console never signs in: its API answers without a token, so
// this code never runs there. On AWS the API answers 401 without a token, and the page signs in
// with the identity provider named in /auth-config.json (deployed beside it): authorization code
// with PKCE (RFC 7636), by hand with Web Crypto rather than a library of many times the size.
//
// What is kept, and where: the access token and its expiry, in this tab's sessionStorage (gone when
// the tab closes); never the refresh token, so a sign-in lasts as long as its access token (an hour)
// and then the page signs in again (quietly, while the provider's own session lasts).

import { type AuthConfig, authorizeUrl, pkceChallenge, randomText, safeReturnPath } from './pkce.ts';

export { type AuthConfig, safeReturnPath } from './pkce.ts';

/** Where the provider sends the browser back with a code, and where signing out ends. */
export const CALLBACK_PATH = '/auth/callback';
export const SIGNED_OUT_PATH = '/signed-out';

const TOKEN_KEY = 'adt-hub.console.token';
const PENDING_KEY = 'adt-hub.console.sign-in';
const SIGNED_IN_AT_KEY = 'adt-hub.console.signed-in-at';

/** A token this close to its expiry is not sent: better to sign in again than to fail midway. */
const EXPIRY_MARGIN_MS = 30_000;

interface StoredToken {
  accessToken: string;
  expiresAt: number;
}

interface PendingSignIn {
  state: string;
  verifier: string;
  returnTo: string;
}

/** The token to send, if this tab has one that has not (nearly) expired. */
export function bearerToken(now = Date.now()): string | undefined {
  const stored = read<StoredToken>(TOKEN_KEY);
  return stored !== undefined && stored.expiresAt - EXPIRY_MARGIN_MS > now ? stored.accessToken : undefined;
}

/** Whether this tab signed in within the last minute (a 401 then is not cured by signing in again). */
export function justSignedIn(now = Date.now()): boolean {
  const at = read<number>(SIGNED_IN_AT_KEY);
  return at !== undefined && now - at < 60_000;
}

async function authConfig(): Promise<AuthConfig> {
  const response = await fetch('/auth-config.json', { headers: { accept: 'application/json' } });
  if (!response.ok)
    throw new Error(`the console cannot sign in: /auth-config.json answered ${response.status}`);
  return (await response.json()) as AuthConfig;
}

const redirectUri = () => `${window.location.origin}${CALLBACK_PATH}`;

/** Goes to the provider's sign-in page; the browser comes back to CALLBACK_PATH, then to `returnTo`. */
export async function signIn(returnTo = window.location.pathname + window.location.search): Promise<never> {
  const config = await authConfig();
  const pending: PendingSignIn = {
    state: randomText(),
    verifier: randomText(),
    returnTo: safeReturnPath(returnTo),
  };
  sessionStorage.setItem(PENDING_KEY, JSON.stringify(pending));
  const challenge = await pkceChallenge(pending.verifier);
  window.location.assign(
    authorizeUrl(config, { state: pending.state, challenge, redirectUri: redirectUri() }),
  );
  // The page is leaving.
  return new Promise<never>(() => undefined);
}

/**
 * On CALLBACK_PATH: checks `state`, exchanges the code (with the verifier) for an access token,
 * keeps it, and says where to go back to. The pending sign-in is used once, whatever happens.
 */
export async function completeSignIn(search = window.location.search): Promise<string> {
  const params = new URLSearchParams(search);
  const pending = read<PendingSignIn>(PENDING_KEY);
  sessionStorage.removeItem(PENDING_KEY);
  const refused = params.get('error');
  if (refused !== null)
    throw new Error(`the sign-in was refused: ${params.get('error_description') ?? refused}`);
  const code = params.get('code');
  if (pending === undefined || code === null || params.get('state') !== pending.state)
    throw new Error('this sign-in was not started here, or has already been used: sign in again');
  const config = await authConfig();
  const response = await fetch(config.tokenUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      client_id: config.clientId,
      code,
      redirect_uri: redirectUri(),
      code_verifier: pending.verifier,
    }),
  });
  if (!response.ok) throw new Error(`the identity provider refused the sign-in (${response.status})`);
  const tokens = (await response.json()) as { access_token?: unknown; expires_in?: unknown };
  if (typeof tokens.access_token !== 'string') throw new Error('the identity provider sent no access token');
  const lifetime = typeof tokens.expires_in === 'number' ? tokens.expires_in : 3600;
  // The refresh token, if any, is dropped on purpose: see the top of this file.
  const stored: StoredToken = { accessToken: tokens.access_token, expiresAt: Date.now() + lifetime * 1000 };
  sessionStorage.setItem(TOKEN_KEY, JSON.stringify(stored));
  sessionStorage.setItem(SIGNED_IN_AT_KEY, JSON.stringify(Date.now()));
  return pending.returnTo;
}

/** Forgets the token here, and ends the provider's session too when it says how. */
export async function signOut(): Promise<void> {
  sessionStorage.removeItem(TOKEN_KEY);
  sessionStorage.removeItem(SIGNED_IN_AT_KEY);
  const config = await authConfig().catch(() => undefined);
  const back = `${window.location.origin}${SIGNED_OUT_PATH}`;
  if (config?.logout === undefined) {
    window.location.assign(back);
    return;
  }
  const url = new URL(config.logout.url);
  url.searchParams.set('client_id', config.clientId);
  url.searchParams.set(config.logout.redirectParameter, back);
  window.location.assign(url.toString());
}

function read<T>(key: string): T | undefined {
  try {
    const text = sessionStorage.getItem(key);
    return text === null ? undefined : (JSON.parse(text) as T);
  } catch {
    return undefined;
  }
}
