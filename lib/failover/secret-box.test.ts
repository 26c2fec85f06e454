import { describe, expect, it } from "vitest";
import { MissingSecretKeyError, open, seal } from "./secret-box";

describe("the secret box", () => {
  const env = { CONTINUUM_SECRET_KEY: "a-long-random-string-shared-by-every-replica" };

  it("gives back what it sealed, and never the plain text in the sealed form", () => {
    const sealed = seal("0123456789abcdef", env);
    expect(sealed).not.toContain("0123456789abcdef");
    expect(open(sealed, env)).toBe("0123456789abcdef");
    expect(seal("same", env)).not.toBe(seal("same", env));
  });

  it("refuses a tampered value or another portal's key", () => {
    const sealed = seal("auth key", env);
    const tampered = sealed.slice(0, -2) + (sealed.endsWith("A") ? "BB" : "AA");
    expect(() => open(tampered, env)).toThrow();
    expect(() => open(sealed, { CONTINUUM_SECRET_KEY: "another-portal" })).toThrow();
  });

  it("says which variable to set when there is no key", () => {
    expect(() => seal("x", {})).toThrow(MissingSecretKeyError);
    expect(() => seal("x", {})).toThrow(/CONTINUUM_SECRET_KEY/);
  });
});
