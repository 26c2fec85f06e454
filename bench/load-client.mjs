// The load generator, run as a process of its own so its work does not share the portal's CPU
// time slices: `node bench/load-client.mjs URL SECONDS CONNECTIONS [HEADER=VALUE …]` prints one
// JSON line with latency percentiles (ms, p95 from every response's own time), requests per
// second and non-2xx answers.
import autocannon from "autocannon";

const [url, seconds, connections, ...headerArgs] = process.argv.slice(2);
const headers = Object.fromEntries(headerArgs.map((h) => [h.slice(0, h.indexOf("=")), h.slice(h.indexOf("=") + 1)]));
const times = [];
const instance = autocannon({ url, duration: Number(seconds), connections: Number(connections), headers });
instance.on("response", (_client, _status, _bytes, responseTime) => times.push(responseTime));
const result = await instance;
times.sort((a, b) => a - b);
const percentile = (p) => (times.length ? Math.round(times[Math.min(times.length - 1, Math.ceil((p / 100) * times.length) - 1)]) : 0);
console.log(
  JSON.stringify({
    p50: percentile(50),
    p95: percentile(95),
    p99: percentile(99),
    rps: result.requests.average,
    requests: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
  }),
);
