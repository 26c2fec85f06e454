import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import selfsigned from "selfsigned";

// The clusters' APIs speak HTTPS like OpenShift's do; the certificate is self-signed for
// 127.0.0.1/localhost and written into the kubeconfig as its CA, so clients verify it.
// It is kept in the client-config folder so a restart is instant and kubeconfigs stay valid.

export interface TlsMaterial {
  cert: string;
  key: string;
}

export async function loadOrCreateTls(dir: string | null): Promise<TlsMaterial> {
  const file = dir ? path.join(dir, "tls.json") : null;
  if (file && existsSync(file)) {
    const saved = JSON.parse(readFileSync(file, "utf8")) as TlsMaterial;
    if (saved.cert && saved.key) return saved;
  }
  const generated = await selfsigned.generate([{ name: "commonName", value: "continuum-region-simulator" }], {
    keyType: "ec",
    curve: "P-256",
    notAfterDate: new Date(Date.now() + 5 * 365 * 24 * 3600 * 1000),
    extensions: [
      { name: "basicConstraints", cA: true },
      { name: "keyUsage", digitalSignature: true, keyCertSign: true, keyEncipherment: true },
      { name: "extKeyUsage", serverAuth: true },
      { name: "subjectAltName", altNames: [{ type: 2, value: "localhost" }, { type: 7, ip: "127.0.0.1" }] },
    ],
  });
  const material = { cert: generated.cert, key: generated.private };
  if (file) writeFileSync(file, JSON.stringify(material), { mode: 0o600 });
  return material;
}
