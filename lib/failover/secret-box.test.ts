import { describe, expect, it } from "vitest";
import { MissingSecretKeyError, open, seal } from "./secret-box";

describe("the secret box", () => {
  const key = "a-long-random-string-shared-by-every-replica";

  it("gives back what it sealed, and never the plain text in the sealed form", () => {
    const sealed = seal("0123456789abcdef", key);
    expect(sealed).not.toContain("0123456789abcdef");
    expect(open(sealed, key)).toBe("0123456789abcdef");
    expect(seal("same", key)).not.toBe(seal("same", key));
  });

  it("refuses a tampered value or another portal's key", () => {
    const sealed = seal("auth key", key);
    const tampered = sealed.slice(0, -2) + (sealed.endsWith("A") ? "BB" : "AA");
    expect(() => open(tampered, key)).toThrow();
    expect(() => open(sealed, "another-portal-with-its-own-key")).toThrow();
  });

  it("says which variable to set when there is no key", () => {
    expect(() => seal("x", null)).toThrow(MissingSecretKeyError);
    expect(() => seal("x", null)).toThrow(/CONTINUUM_SECRET_KEY/);
  });
});
