import { KfuncLink } from "@/components/kfunc-link";
import { AcknowledgeForm } from "@/components/queue/acknowledge-form";
import { StateBadge } from "@/components/state-badge";
import { agoWords, type QueueViolation } from "@/lib/governance/queue";
import type { PolicyViolation } from "@/lib/lifecycle/rules";

const RULE_LABELS: Record<PolicyViolation["rule"], string> = {
  STABLE_SIGNATURE_CHANGED: "Stable kfunc changed its prototype",
  STABLE_FLAGS_CHANGED: "Stable kfunc changed its flags",
  STABLE_REMOVED_UNDEPRECATED: "Stable kfunc removed without a deprecation",
  REMOVED_BEFORE_SCHEDULE: "Removed before its earliest removal release",
};

/**
 * Policy violations, unacknowledged first. One list keyed by event, so a maintainer's form keeps
 * its result message when the acknowledged violation re-renders in its new place.
 */
export function ViolationList({
  violations,
  canAcknowledge,
  now,
}: {
  violations: QueueViolation[];
  canAcknowledge: boolean;
  now: Date;
}) {
  return (
    <ol className="space-y-3">
      {violations.map((v) => (
        <li
          key={v.id}
          id={`violation-${v.id}`}
          className={
            v.ack
              ? "space-y-1 rounded-md border border-zinc-200 p-3 dark:border-zinc-800"
              : "space-y-1 rounded-md border border-red-300 bg-red-50/60 p-3 dark:border-red-900 dark:bg-red-950/30"
          }
        >
          <div className="flex flex-wrap items-center gap-x-2 gap-y-1">
            <KfuncLink name={v.kfunc} />
            <StateBadge state={v.kfuncState} />
            {v.release ? <span className="font-mono text-sm">{v.release}</span> : null}
            <span className="text-sm font-medium">
              {(v.rule && RULE_LABELS[v.rule as PolicyViolation["rule"]]) ?? "Policy violation"}
            </span>
          </div>
          <p className="text-sm">{v.message}</p>
          {v.ack ? (
            <p className="text-sm text-emerald-900 dark:text-emerald-300">
              <span aria-hidden="true">✓ </span>Acknowledged by {v.ack.by}{" "}
              <time dateTime={v.ack.at}>{agoWords(v.ack.at, now)}</time>:{" "}
              <span className="whitespace-pre-line text-zinc-800 dark:text-zinc-200">{v.ack.note}</span>
            </p>
          ) : (
            <p className="text-sm font-medium text-red-800 dark:text-red-300">
              <span aria-hidden="true">⚠ </span>Not acknowledged
            </p>
          )}
          {canAcknowledge ? <AcknowledgeForm eventId={v.id} acknowledged={v.ack !== null} /> : null}
        </li>
      ))}
    </ol>
  );
}
