import pino from "pino";

// One JSON line per event, so a log pipeline can filter by region, run or request id.
// Secrets never reach a log line: these paths are redacted wherever they appear.
export const log = pino({
  level: process.env.LOG_LEVEL ?? (process.env.NODE_ENV === "test" ? "silent" : "info"),
  base: { service: "continuum" },
  redact: {
    paths: [
      "password",
      "token",
      "authKey",
      "auth_key",
      "*.password",
      "*.token",
      "*.authKey",
      "*.auth_key",
      "headers.authorization",
      "databaseUrl",
    ],
    censor: "[redacted]",
  },
});

export type Logger = typeof log;
