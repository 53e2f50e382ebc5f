// The parts of signing in that need no page: the PKCE verifier and its challenge (RFC 7636, S256),
// the authorization request, and which return addresses are the console's own. Web Crypto only, so
// that they run (and are tested) in Node as in the browser.

/** What /auth-config.json says (lib/constructs/console-identity.ts, ConsoleAuthConfig). */
export interface AuthConfig {
  authorizationUrl: string;
  tokenUrl: string;
  clientId: string;
  scopes: string[];
  logout?: { url: string; redirectParameter: string };
}

export function base64Url(bytes: Uint8Array): string {
  let text = '';
  for (const byte of bytes) text += String.fromCharCode(byte);
  return btoa(text).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** A random value for `state` and the PKCE verifier: 32 bytes, base64url (43 characters). */
export function randomText(): string {
  return base64Url(crypto.getRandomValues(new Uint8Array(32)));
}

/** The PKCE S256 challenge of a verifier: base64url(SHA-256(verifier)). */
export async function pkceChallenge(verifier: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier));
  return base64Url(new Uint8Array(digest));
}

export function authorizeUrl(
  config: AuthConfig,
  request: { state: string; challenge: string; redirectUri: string },
): string {
  const url = new URL(config.authorizationUrl);
  // Added to what the configured URL already asks (some providers name a policy or tenant there).
  const params: Record<string, string> = {
    response_type: 'code',
    client_id: config.clientId,
    redirect_uri: request.redirectUri,
    scope: config.scopes.join(' '),
    state: request.state,
    code_challenge: request.challenge,
    code_challenge_method: 'S256',
  };
  for (const [name, value] of Object.entries(params)) url.searchParams.set(name, value);
  return url.toString();
}

/** Only a path of this console: never another site (`//evil.example`), whatever was stored. */
export function safeReturnPath(path: string | undefined): string {
  if (path === undefined || !path.startsWith('/')) return '/';
  return path.startsWith('//') || path.startsWith('/\\') ? '/' : path;
}
