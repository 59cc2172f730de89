import type { NextConfig } from "next";

const securityHeaders = [
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
  { key: "X-Frame-Options", value: "DENY" },
  { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=()" },
];

/** Responses that are not pages (the /api proxy, static files) get a CSP that allows nothing active. */
const lockedDownCsp = {
  key: "Content-Security-Policy",
  value: "default-src 'none'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'",
};

const nextConfig: NextConfig = {
  poweredByHeader: false,
  devIndicators: false,
  reactStrictMode: true,
  async headers() {
    return [
      { source: "/:path*", headers: securityHeaders },
      { source: "/api/:path*", headers: [lockedDownCsp] },
      { source: "/_next/static/:path*", headers: [lockedDownCsp] },
    ];
  },
};

export default nextConfig;
