// The sign-in's parts that need no page (console/src/pkce.ts): RFC 7636's own example, the
// authorization request the provider gets, and return addresses that stay on the console.
import { describe, expect, it } from 'vitest';
import { authorizeUrl, pkceChallenge, randomText, safeReturnPath } from '../../../console/src/pkce.ts';

describe('PKCE', () => {
  it('computes the S256 challenge of RFC 7636’s example verifier', async () => {
    expect(await pkceChallenge('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk')).toBe(
      'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
    );
  });

  it('makes verifiers and states of 43 base64url characters, never twice the same', () => {
    const values = new Set(Array.from({ length: 100 }, () => randomText()));
    expect(values.size).toBe(100);
    for (const value of values) expect(value).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('asks for a code with the challenge, the state, the scopes and the way back, keeping the URL’s own query', () => {
    const url = new URL(
      authorizeUrl(
        {
          authorizationUrl: 'https://idp.example.org/oauth2/authorize?tenant=t1',
          tokenUrl: 'https://idp.example.org/oauth2/token',
          clientId: 'console',
          scopes: ['openid', 'api://adt-hub/console'],
        },
        { state: 'S', challenge: 'C', redirectUri: 'https://console.example.org/auth/callback' },
      ),
    );
    expect(url.origin + url.pathname).toBe('https://idp.example.org/oauth2/authorize');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      tenant: 't1',
      response_type: 'code',
      client_id: 'console',
      redirect_uri: 'https://console.example.org/auth/callback',
      scope: 'openid api://adt-hub/console',
      state: 'S',
      code_challenge: 'C',
      code_challenge_method: 'S256',
    });
  });

  it('goes back only to a page of the console after signing in', () => {
    expect(safeReturnPath('/review/R1?x=1')).toBe('/review/R1?x=1');
    for (const elsewhere of ['//evil.example/x', '/\\evil.example', 'https://evil.example/', '', undefined])
      expect(safeReturnPath(elsewhere)).toBe('/');
  });
});
