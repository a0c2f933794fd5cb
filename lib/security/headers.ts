// The security headers of every answer (pages, route handlers, feeds, exports, static files), set
// once in next.config.ts `headers()` for every path. Pure: next.config.ts and the tests import it.
//
// Content-Security-Policy: a static policy, not a per-request nonce. A nonce must be new on every
// response, so it has to be made in proxy.ts and read by the page while it renders, which makes every
// page dynamic: no page could then be served from Next's cache, and pages served from a cache are
// what the catalog needs under load (issue 11). Hashes are no better: Next's inline scripts carry
// the page's own data (the RSC payload), so each page would have hashes of its own. Scripts are
// therefore 'self' plus 'unsafe-inline'. What still holds: no script from another origin, no eval in
// production, no plugins, no <base> hijack, forms post only here, and no framing at all. React
// escapes everything it renders, which is what keeps a stored `<script>` inert (the tests check it).

/** React's development build evaluates code to rebuild server stacks: 'unsafe-eval' in `next dev` only. */
export function contentSecurityPolicy(development = false): string {
  const directives: [string, ...string[]][] = [
    ["default-src", "'self'"],
    ["script-src", "'self'", "'unsafe-inline'", ...(development ? ["'unsafe-eval'"] : [])],
    // React writes style attributes (widths of timeline bands and matrix columns).
    ["style-src", "'self'", "'unsafe-inline'"],
    ["img-src", "'self'", "data:"],
    ["font-src", "'self'"],
    // 'self' covers the development server's websocket on the same host and port.
    ["connect-src", "'self'"],
    ["object-src", "'none'"],
    ["base-uri", "'self'"],
    ["form-action", "'self'"],
    ["frame-ancestors", "'none'"],
    ["frame-src", "'none'"],
    ["worker-src", "'self'"],
    ["manifest-src", "'self'"],
  ];
  return directives.map((d) => d.join(" ")).join("; ");
}

/**
 * Powerful browser features the catalog never uses, turned off for it and anything it could embed.
 * Only features Chromium knows: an unknown one makes it log an error on every page.
 */
const PERMISSIONS_POLICY = [
  "accelerometer",
  "camera",
  "display-capture",
  "geolocation",
  "gyroscope",
  "hid",
  "magnetometer",
  "microphone",
  "midi",
  "payment",
  "publickey-credentials-get",
  "serial",
  "usb",
]
  .map((feature) => `${feature}=()`)
  .join(", ");

export interface HeaderPair {
  key: string;
  value: string;
}

/** Every header, as next.config.ts `headers()` wants them. */
export function securityHeaders(development = false): HeaderPair[] {
  return [
    { key: "Content-Security-Policy", value: contentSecurityPolicy(development) },
    // For browsers that predate frame-ancestors.
    { key: "X-Frame-Options", value: "DENY" },
    { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
    { key: "X-Content-Type-Options", value: "nosniff" },
    { key: "Permissions-Policy", value: PERMISSIONS_POLICY },
    { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
  ];
}
