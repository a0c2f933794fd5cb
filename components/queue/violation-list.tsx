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

const ruleLabel = (rule: string | null) =>
  (rule && RULE_LABELS[rule as PolicyViolation["rule"]]) ?? "Policy violation";

/** Policy violations, unacknowledged first; maintainers get a form on each unacknowledged one. */
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
    <ol className="space-y-2">
      {violations.map((v) => (
        <li
          key={v.id}
          id={`violation-${v.id}`}
          className={
            v.ack
              ? "space-y-1 rounded-md border border-zinc-200 px-3 py-2 dark:border-zinc-800"
              : "space-y-1 rounded-md border border-red-300 bg-red-50/60 px-3 py-2 dark:border-red-900 dark:bg-red-950/30"
          }
        >
          <div className="flex flex-wrap items-center gap-x-2 gap-y-1 text-sm">
            <KfuncLink name={v.kfunc} />
            <StateBadge state={v.kfuncState} />
            {v.release ? <span className="font-mono">{v.release}</span> : null}
            <span className="font-medium">{ruleLabel(v.rule)}</span>
          </div>
          <p className="break-words text-sm text-zinc-700 dark:text-zinc-300">{v.message}</p>
          {v.ack ? (
            <p className="line-clamp-2 text-sm text-emerald-900 dark:text-emerald-300">
              <span aria-hidden="true">✓ </span>Acknowledged by {v.ack.by}{" "}
              <time dateTime={v.ack.at}>{agoWords(v.ack.at, now)}</time>:{" "}
              <span className="text-zinc-800 dark:text-zinc-200">{v.ack.note}</span>
            </p>
          ) : canAcknowledge ? (
            <AcknowledgeForm eventId={v.id} />
          ) : (
            <p className="text-sm font-medium text-red-800 dark:text-red-300">
              <span aria-hidden="true">⚠ </span>Not acknowledged
            </p>
          )}
        </li>
      ))}
    </ol>
  );
}
