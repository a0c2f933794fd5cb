// The four lifecycle states and the words the UI, the API and the feeds use for states and
// events. Pure and tiny: client components import it.

export const LIFECYCLE_STATES = ["UNSTABLE", "STABLE", "DEPRECATED", "REMOVED"] as const;
export type LifecycleState = (typeof LIFECYCLE_STATES)[number];

export const STATE_LABELS: Record<LifecycleState, string> = {
  UNSTABLE: "Unstable",
  STABLE: "Stable",
  DEPRECATED: "Deprecated",
  REMOVED: "Removed",
};

export const STATE_DESCRIPTIONS: Record<LifecycleState, string> = {
  UNSTABLE: "The default: may change or disappear in any release.",
  STABLE: "Promised to keep its signature and behaviour; removal only after deprecation.",
  DEPRECATED:
    "Still present but superseded or scheduled for removal; shows the earliest removal release when upstream named one.",
  REMOVED: "Absent from kernels from a given release on.",
};

/** How each event kind and event origin reads in the UI and the feeds. */
export const EVENT_KIND_LABELS: Record<string, string> = {
  INTRODUCED: "Introduced",
  REMOVED: "Removed",
  REINTRODUCED: "Reintroduced",
  SIGNATURE_CHANGED: "Signature changed",
  FLAGS_CHANGED: "Flags changed",
  PROG_TYPES_CHANGED: "Program types changed",
  RENAMED: "Renamed",
  PROMOTED: "Promoted to stable",
  DEPRECATED: "Deprecated",
  UNDEPRECATED: "Deprecation withdrawn",
  POLICY_VIOLATION: "Policy violation",
};

export const EVENT_ORIGIN_LABELS: Record<string, string> = {
  INGEST: "derived from kernel data",
  DOCUMENTED: "documented upstream",
  DECISION: "maintainer decision",
};
