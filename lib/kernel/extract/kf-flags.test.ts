import { describe, expect, it } from "vitest";
import { isKnownKfFlag, KNOWN_KF_FLAGS, sortKfFlags } from "./kf-flags";

describe("KF flags", () => {
  it("lists the flags of docs/kernel-facts.md in bit order", () => {
    expect(KNOWN_KF_FLAGS.indexOf("ACQUIRE")).toBe(0);
    expect(KNOWN_KF_FLAGS.indexOf("TRUSTED_ARGS")).toBe(4);
    expect(KNOWN_KF_FLAGS.indexOf("RCU_PROTECTED")).toBe(11);
    expect(KNOWN_KF_FLAGS.indexOf("IMPLICIT_ARGS")).toBe(16);
  });

  it("orders by bit, deduplicates, and puts unknown flags last", () => {
    expect(sortKfFlags(["RCU", "RET_NULL", "ACQUIRE", "RET_NULL"])).toEqual(["ACQUIRE", "RET_NULL", "RCU"]);
    expect(sortKfFlags(["ZED", "SLEEPABLE", "ALPHA"])).toEqual(["SLEEPABLE", "ALPHA", "ZED"]);
    expect(isKnownKfFlag("DEPRECATED")).toBe(false);
  });
});
