import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { NAMED, startTestBind, type TestBind } from "@/tests/bind";
import { answersRouters, createRfc2136Traffic, type GlobalTraffic } from "./global-traffic";
import { PlatformError } from "./platform-error";

// The RFC 2136 driver against a real BIND 9: what it writes is what `dig` reads back.

describe.skipIf(!NAMED && !process.env.CI)("global traffic through RFC 2136 and TSIG, against BIND 9", () => {
  let bind: TestBind;
  let traffic: GlobalTraffic;
  beforeAll(async () => {
    bind = await startTestBind();
    traffic = createRfc2136Traffic({ server: { host: bind.host, port: bind.port }, zone: bind.zone, key: bind.key, ttlSeconds: 30 });
  });
  afterAll(() => bind?.stop());

  it("points an application's global name at a region's router and moves it to the other one", async () => {
    const name = traffic.nameOf("books");
    expect(name).toBe("books.apps.continuum.test");
    await traffic.point(name, [{ cname: "router.europe-west.example" }]);
    expect(await bind.dig(name, "CNAME")).toEqual(["router.europe-west.example."]);
    await traffic.point(name, [{ addresses: ["192.0.2.20"] }]);
    expect(await bind.dig(name, "CNAME")).toEqual([]);
    expect(await bind.dig(name)).toEqual(["192.0.2.20"]);
    expect(await traffic.resolve(name)).toEqual({ addresses: ["192.0.2.20"] });
    // The same change again is no change (a retried step).
    await traffic.point(name, [{ addresses: ["192.0.2.20"] }]);
    expect(await bind.dig(name)).toEqual(["192.0.2.20"]);
  });

  it("serves a multi-site name from every region's addresses, with the TTL asked for, and removes a lost region", async () => {
    const name = traffic.nameOf("catalogue");
    await traffic.point(name, [{ addresses: ["192.0.2.10", "192.0.2.11"] }, { addresses: ["198.51.100.10", "2001:db8::10"] }]);
    expect(await bind.dig(name)).toEqual(["192.0.2.10", "192.0.2.11", "198.51.100.10"]);
    expect(await bind.dig(name, "AAAA")).toEqual(["2001:db8::10"]);
    const ttl = (await bind.dig(name, "A +noshort +noall +answer")).map((line) => line.split(/\s+/)[1]);
    expect(new Set(ttl)).toEqual(new Set(["30"]));
    await traffic.point(name, [{ addresses: ["198.51.100.10"] }]);
    expect(await bind.dig(name)).toEqual(["198.51.100.10"]);
    expect(answersRouters(await traffic.resolve(name), [{ addresses: ["198.51.100.10"] }])).toBe(true);
    await traffic.remove(name);
    expect(await bind.dig(name)).toEqual([]);
    expect(await traffic.resolve(name)).toBeNull();
  });

  it("says what is wrong, in words, when the key is wrong, the name is outside the zone, or the server is gone", async () => {
    const wrongSecret = createRfc2136Traffic({ server: { host: bind.host, port: bind.port }, zone: bind.zone, key: { ...bind.key, secret: Buffer.from("not the secret").toString("base64") }, ttlSeconds: 30 });
    const refused = await wrongSecret.point(wrongSecret.nameOf("books"), [{ addresses: ["203.0.113.1"] }]).catch((error: PlatformError) => error);
    expect(refused).toBeInstanceOf(PlatformError);
    expect((refused as PlatformError).message).toMatch(/answered NOTAUTH: .*does not know the TSIG key \(check the key name, algorithm and secret\)/);
    expect((refused as PlatformError).retryable).toBe(false);
    expect(await bind.dig(traffic.nameOf("books"))).not.toContain("203.0.113.1");
    await expect(traffic.point("books.elsewhere.test", [{ addresses: ["203.0.113.1"] }])).rejects.toThrow(/books.elsewhere.test is not in the zone apps.continuum.test/);
    const gone = createRfc2136Traffic({ server: { host: "127.0.0.1", port: 9 }, zone: bind.zone, key: bind.key, ttlSeconds: 30, timeoutMs: 400 });
    const silent = await gone.resolve(gone.nameOf("books")).catch((error: PlatformError) => error);
    expect(silent).toMatchObject({ retryable: true, message: expect.stringMatching(/127\.0\.0\.1:9 did not answer/) });
  });
});
