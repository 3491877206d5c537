// Response headers every web-mode answer carries. The CSP allows only the page's own scripts and styles
// and connections back to this server: no inline script, no eval, no remote content, no framing.

/** The Content-Security-Policy of the web mode. */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  // React and the grid set element styles through the CSSOM, which CSP does not govern; no inline <style>.
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  // 'self' covers ws:// to the same host and port in CSP Level 3 browsers.
  "connect-src 'self'",
  "manifest-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
  "object-src 'none'",
].join('; ');

/** Headers added to every response. */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy': CONTENT_SECURITY_POLICY,
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  // The token travels in the first URL: never leak it to another site through Referer.
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'permissions-policy': 'camera=(), microphone=(), geolocation=()',
};
