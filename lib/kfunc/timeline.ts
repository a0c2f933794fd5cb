// Layout of a kfunc's timeline: releases on a horizontal axis, its lifecycle state as bands,
// its events as markers. Pure: the SVG component only draws what this computes.

import type { LifecycleState } from "../lifecycle/states";
import { compareReleaseTags } from "../releases/version";

export interface TimelineRelease {
  tag: string;
  ingested: boolean;
  releasedOn: string | null;
}

export interface TimelineEvent {
  id: number;
  kind: string;
  release: string | null;
  toState: LifecycleState | null;
}

export interface TimelineLayout {
  ticks: { tag: string; x: number; ingested: boolean; label: boolean }[];
  bands: { state: LifecycleState; x1: number; x2: number; from: string; to: string }[];
  markers: { id: number; kind: string; release: string; x: number; lane: number }[];
  width: number;
}

export const TIMELINE = { left: 16, right: 16, step: 34 } as const;

/**
 * @param releases every known release (any order)
 * @param events the kfunc's events; those without a release are left off the axis
 */
export function layoutTimeline(
  releases: readonly TimelineRelease[],
  events: readonly TimelineEvent[],
): TimelineLayout {
  const known = [...releases].sort((a, b) => compareReleaseTags(a.tag, b.tag));
  const placed = events.filter(
    (e): e is TimelineEvent & { release: string } => !!e.release && known.some((r) => r.tag === e.release),
  );
  // The axis starts one release before the kfunc's first event: a phone shows its life, not
  // years of releases before it existed.
  const indexes = placed.map((e) => known.findIndex((r) => r.tag === e.release));
  const firstIndex = Math.min(...indexes);
  // …and ends with the newest release that is out (dated or ingested), or a later event: no band
  // runs on into releases nobody has seen.
  const lastOut = known.reduce((last, r, i) => (r.releasedOn || r.ingested ? i : last), -1);
  const lastIndex = Math.max(lastOut, ...indexes);
  const axis = known.slice(
    Number.isFinite(firstIndex) ? Math.max(0, firstIndex - 1) : 0,
    lastIndex >= 0 ? lastIndex + 1 : known.length,
  );
  const index = new Map(axis.map((r, i) => [r.tag, i]));
  const x = (i: number) => TIMELINE.left + i * TIMELINE.step;
  // Label every tick when there is room, else every other one plus ingested releases.
  const dense = axis.length > 20;
  const ticks = axis.map((r, i) => ({
    tag: r.tag,
    x: x(i),
    ingested: r.ingested,
    label: !dense || i % 2 === 0 || r.ingested,
  }));

  // State at each release: the last state-setting event at or before it.
  const setters = placed
    .filter((e) => e.toState)
    .sort((a, b) => compareReleaseTags(a.release, b.release) || a.id - b.id);
  const stateAt: (LifecycleState | null)[] = axis.map((r) => {
    let state: LifecycleState | null = null;
    for (const e of setters) if (compareReleaseTags(e.release, r.tag) <= 0) state = e.toState;
    return state;
  });
  const bands: TimelineLayout["bands"] = [];
  stateAt.forEach((state, i) => {
    if (!state) return;
    const last = bands[bands.length - 1];
    const tag = axis[i]?.tag ?? "";
    if (last && last.state === state && last.to === axis[i - 1]?.tag) {
      last.to = tag;
      last.x2 = x(i) + TIMELINE.step / 2;
    } else {
      bands.push({ state, x1: x(i) - TIMELINE.step / 2, x2: x(i) + TIMELINE.step / 2, from: tag, to: tag });
    }
  });
  for (const band of bands) band.x1 = Math.max(band.x1, 0);

  // Several events in one release stack in lanes.
  const lanes = new Map<string, number>();
  const markers = placed
    .sort((a, b) => compareReleaseTags(a.release, b.release) || a.id - b.id)
    .map((e) => {
      const lane = lanes.get(e.release) ?? 0;
      lanes.set(e.release, lane + 1);
      return { id: e.id, kind: e.kind, release: e.release, x: x(index.get(e.release) ?? 0), lane };
    });
  return { ticks, bands, markers, width: x(Math.max(axis.length - 1, 0)) + TIMELINE.right };
}
