import { describe, expect, it } from "vitest";
import { refuseUnreadableInput } from "./errors";

describe("input no form or JSON could carry", () => {
  it("is refused with the field it is in", () => {
    expect(refuseUnreadableInput({ name: "shop", reason: "release\u0000" })?.fieldErrors).toEqual({ reason: [expect.stringMatching(/control character/)] });
    expect(refuseUnreadableInput({ costCenter: { length: Object.create(null) } })?.fieldErrors).toEqual({ "costCenter.length": [expect.stringMatching(/as a form or JSON would/)] });
    expect(refuseUnreadableInput({ regions: [Symbol("x")] })?.fieldErrors).toEqual({ "regions.0": [expect.any(String)] });
    expect(refuseUnreadableInput({ when: new Date() })?.fieldErrors).toHaveProperty("when");
  });

  it("lets text, numbers, lists, plain objects, tabs and newlines through", () => {
    expect(refuseUnreadableInput({ a: "line one\n\tline two", b: 3, c: [true, null, { d: "x" }], e: undefined })).toBeNull();
    expect(refuseUnreadableInput(JSON.parse('{"__proto__": {"x": 1}, "length": {}}'))).toBeNull();
  });
});
