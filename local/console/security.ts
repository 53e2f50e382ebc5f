// What the console's pages may do in a browser, in one place: the Content-Security-Policy (its own
// scripts only, never inline ones; styles from its own files or carrying this response's nonce) and
// the headers that go with it. The build writes NONCE_PLACEHOLDER where the nonce goes.

/** Vite's `html.cspNonce`: written into the built index.html, replaced per response by the server. */
export const NONCE_PLACEHOLDER = 'ADT_HUB_CSP_NONCE';

/**
 * The policy for the console's page. Styles need a nonce because the component library and the
 * modal's scroll lock insert `<style>` elements at run time; style *properties* set from script
 * (the CSSOM) are not inline styles and need no allowance.
 */
export function pagePolicy(nonce: string): string {
  return consolePolicy({ styles: [`'nonce-${nonce}'`], connect: [] });
}

/**
 * The same policy for the console as static files behind CloudFront (lib/constructs/console-hosting.ts),
 * where no server can mint a nonce per response: the run-time `<style>` elements are allowed as
 * inline styles instead. Scripts stay the console's own files only, so injected markup still runs
 * nothing, and with images, fonts and connections limited to the console and its sign-in, a style
 * cannot send anything elsewhere. The page also talks to the identity provider's token endpoint.
 */
export function hostedPagePolicy(signInOrigin: string): string {
  return consolePolicy({ styles: ["'unsafe-inline'"], connect: [signInOrigin] });
}

function consolePolicy({ styles, connect }: { styles: string[]; connect: string[] }): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    ["style-src 'self'", ...styles].join(' '),
    "img-src 'self' data:",
    "font-src 'self'",
    ["connect-src 'self'", ...connect].join(' '),
    "manifest-src 'self'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** For everything that is not the page (scripts, styles, JSON): nothing may run or frame it. */
export const RESOURCE_POLICY = "default-src 'none'; base-uri 'none'; frame-ancestors 'none'";

/** Headers every response carries. */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'x-frame-options': 'DENY',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'permissions-policy': 'camera=(), microphone=(), geolocation=(), payment=(), usb=()',
};
