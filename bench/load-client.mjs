// The load generator, run as a process of its own so its work does not share the portal's CPU
// time slices: `node bench/load-client.mjs URL SECONDS CONNECTIONS [HEADER=VALUE …]` prints one
// JSON line with latency percentiles (ms), requests per second and non-2xx answers.
import autocannon from "autocannon";

const [url, seconds, connections, ...headerArgs] = process.argv.slice(2);
const headers = Object.fromEntries(headerArgs.map((h) => [h.slice(0, h.indexOf("=")), h.slice(h.indexOf("=") + 1)]));
const result = await autocannon({ url, duration: Number(seconds), connections: Number(connections), headers });
console.log(
  JSON.stringify({
    p50: result.latency.p50,
    p90: result.latency.p90,
    p99: result.latency.p99,
    rps: result.requests.average,
    requests: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
  }),
);
