import { describe, expect, it } from "vitest";
import { layoutTimeline, TIMELINE } from "./timeline";

const releases = ["v6.1", "v6.2", "v6.12", "v6.13", "v6.15", "v6.17", "v6.18"].map((tag) => ({
  tag,
  ingested: ["v6.1", "v6.12", "v6.18"].includes(tag),
  releasedOn: null,
}));

describe("layoutTimeline", () => {
  it("draws the state as bands that change where events change it, ending removed", () => {
    const layout = layoutTimeline(releases, [
      { id: 1, kind: "INTRODUCED", release: "v6.12", toState: "UNSTABLE" },
      { id: 2, kind: "DEPRECATED", release: "v6.13", toState: "DEPRECATED" },
      { id: 3, kind: "REMOVED", release: "v6.17", toState: "REMOVED" },
    ]);
    expect(layout.bands.map((b) => [b.state, b.from, b.to])).toEqual([
      ["UNSTABLE", "v6.12", "v6.12"],
      ["DEPRECATED", "v6.13", "v6.15"],
      ["REMOVED", "v6.17", "v6.18"],
    ]);
    expect(layout.bands.at(-1)?.state).toBe("REMOVED");
  });

  it("places markers on their release in time order and stacks same-release events", () => {
    const layout = layoutTimeline(releases, [
      { id: 5, kind: "SIGNATURE_CHANGED", release: "v6.12", toState: null },
      { id: 4, kind: "INTRODUCED", release: "v6.1", toState: "UNSTABLE" },
      { id: 6, kind: "FLAGS_CHANGED", release: "v6.12", toState: null },
      { id: 7, kind: "PROMOTED", release: null, toState: "STABLE" },
    ]);
    expect(layout.markers.map((m) => [m.kind, m.release, m.lane])).toEqual([
      ["INTRODUCED", "v6.1", 0],
      ["SIGNATURE_CHANGED", "v6.12", 0],
      ["FLAGS_CHANGED", "v6.12", 1],
    ]);
    const xs = layout.markers.map((m) => m.x);
    expect(xs).toEqual([...xs].sort((a, b) => a - b));
    expect(layout.markers[1]?.x).toBe(TIMELINE.left + 2 * TIMELINE.step);
  });

  it("starts the axis one release before the first event", () => {
    const layout = layoutTimeline(releases, [
      { id: 1, kind: "INTRODUCED", release: "v6.13", toState: "UNSTABLE" },
    ]);
    expect(layout.ticks.map((t) => t.tag)).toEqual(["v6.12", "v6.13", "v6.15", "v6.17", "v6.18"]);
    expect(layout.markers[0]?.x).toBe(TIMELINE.left + TIMELINE.step);
  });

  it("ends the axis at the newest release that is out, unless an event is later", () => {
    const withFuture = [...releases, { tag: "v7.3", ingested: false, releasedOn: null }];
    expect(layoutTimeline(withFuture, []).ticks.at(-1)?.tag).toBe("v6.18");
    const planned = layoutTimeline(withFuture, [
      { id: 1, kind: "DEPRECATED", release: "v7.3", toState: "DEPRECATED" },
    ]);
    expect(planned.ticks.at(-1)?.tag).toBe("v7.3");
  });

  it("orders the axis by version, not text", () => {
    expect(layoutTimeline([...releases].reverse(), []).ticks.map((t) => t.tag)).toEqual(
      releases.map((r) => r.tag),
    );
  });
});
