import "server-only";
import { getKfuncGovernance as readKfuncGovernance } from "../governance/kfunc-governance";
import { versioned } from "./versioned";

type KfuncGovernance = Awaited<ReturnType<typeof readKfuncGovernance>>;

const cached = versioned("getKfuncGovernance", readKfuncGovernance);

// The cache keeps JSON: its dates come back as strings. The same for every reader: the panel's
// per-user parts (forms, "yours") are decided by the page from the request's own session.
const revive = (d: Date | string) => (typeof d === "string" ? new Date(d) : d);

/** A kfunc's proposals, dependents and violations, cached under the catalog's version. */
export async function getKfuncGovernance(name: string): Promise<KfuncGovernance> {
  const g = await cached(name);
  return {
    ...g,
    proposals: g.proposals.map((p) => ({
      ...p,
      createdAt: revive(p.createdAt),
      comments: p.comments.map((c) => ({ ...c, createdAt: revive(c.createdAt) })),
      decision: p.decision ? { ...p.decision, decidedAt: revive(p.decision.decidedAt) } : null,
    })),
    dependents: g.dependents.map((d) => ({ ...d, createdAt: revive(d.createdAt) })),
  };
}
