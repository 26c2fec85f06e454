import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";
import { config } from "@/lib/config/config";

// Seals what the portal must keep for a while but never show: a Cinder transfer's auth_key, the
// Secrets of an exported namespace. AES-256-GCM with a key derived from CONTINUUM_SECRET_KEY
// (or NEXTAUTH_SECRET, which every replica already shares).

const VERSION = "v1";

export class MissingSecretKeyError extends Error {
  constructor() {
    super("No key to seal secrets with: set CONTINUUM_SECRET_KEY (or NEXTAUTH_SECRET) to the same long random string on every replica.");
  }
}

function keyOf(secret: string | null): Buffer {
  if (!secret) throw new MissingSecretKeyError();
  return Buffer.from(hkdfSync("sha256", secret, "continuum", "continuum secret box v1", 32));
}

export function seal(plain: string, secret: string | null = config().secretKey): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", keyOf(secret), iv);
  const body = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
  return [VERSION, iv.toString("base64url"), cipher.getAuthTag().toString("base64url"), body.toString("base64url")].join(".");
}

export function open(sealed: string, secret: string | null = config().secretKey): string {
  const [version, iv, tag, body] = sealed.split(".");
  if (version !== VERSION || !iv || !tag || body === undefined) throw new Error("not a sealed value of this portal");
  const decipher = createDecipheriv("aes-256-gcm", keyOf(secret), Buffer.from(iv, "base64url"));
  decipher.setAuthTag(Buffer.from(tag, "base64url"));
  return Buffer.concat([decipher.update(Buffer.from(body, "base64url")), decipher.final()]).toString("utf8");
}
