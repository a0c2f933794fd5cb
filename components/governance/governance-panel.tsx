import Link from "next/link";
import {
  addDependentAction,
  commentAction,
  decideAction,
  fileProposalAction,
  removeDependentAction,
  rescheduleAction,
  withdrawAction,
} from "@/app/kfuncs/[name]/actions";
import type { Principal } from "@/lib/auth/principal";
import type { KfuncGovernance, ProposalOption } from "@/lib/governance/kfunc-governance";
import { PROPOSAL_KIND_LABELS } from "@/lib/governance/proposals";
import { roleAllows } from "@/lib/governance/roles";
import { ActionForm, buttonClass, inputClass, ReleaseField, secondaryButtonClass } from "./action-form";
import { Disclosure } from "./disclosure";
import { ProposalForm } from "./proposal-form";

const STATUS_STYLES: Record<string, string> = {
  OPEN: "bg-sky-100 text-sky-900 dark:bg-sky-900 dark:text-sky-100",
  APPROVED: "bg-emerald-100 text-emerald-900 dark:bg-emerald-900 dark:text-emerald-100",
  REJECTED: "bg-red-100 text-red-900 dark:bg-red-900 dark:text-red-100",
  WITHDRAWN: "bg-zinc-100 text-zinc-700 dark:bg-zinc-800 dark:text-zinc-300",
};

const date = (d: Date) => d.toISOString().slice(0, 10);

export interface DataEvidence {
  releasesPresent: number;
  firstSeen: string | null;
  lastSeen: string | null;
  prototypeChanges: number;
  flagChanges: number;
}

/** Evidence in the data, shown next to every proposal: what a maintainer weighs. */
function EvidenceInData({ evidence, governance }: { evidence: DataEvidence; governance: KfuncGovernance }) {
  return (
    <dl className="grid grid-cols-2 gap-2 text-sm sm:grid-cols-5" aria-label="Evidence in the data">
      {[
        [
          "Releases present",
          `${evidence.releasesPresent}${evidence.firstSeen ? ` (${evidence.firstSeen}–${evidence.lastSeen})` : ""}`,
        ],
        ["Prototype changes", String(evidence.prototypeChanges)],
        ["Flag changes", String(evidence.flagChanges)],
        ["Policy violations", String(governance.violations)],
        ["Registered users", String(governance.dependents.length)],
      ].map(([term, value]) => (
        <div key={term} className="rounded-md bg-zinc-50 p-2 dark:bg-zinc-900">
          <dt className="text-xs text-zinc-500">{term}</dt>
          <dd className="font-semibold tabular-nums">{value}</dd>
        </div>
      ))}
    </dl>
  );
}

export function GovernancePanel({
  kfunc,
  deprecation,
  principal,
  governance,
  options,
  releases,
  evidence,
}: {
  kfunc: string;
  /** The schedule in force, when the kfunc is deprecated. */
  deprecation: { removalEarliest: string | null; replacement: string | null } | null;
  principal: Principal | null;
  governance: KfuncGovernance;
  options: ProposalOption[];
  releases: string[];
  evidence: DataEvidence;
}) {
  const mayPropose = roleAllows(principal?.role, "propose");
  const mayDecide = roleAllows(principal?.role, "decide");
  const signIn = `/sign-in?returnTo=${encodeURIComponent(`/kfuncs/${kfunc}#governance`)}`;
  return (
    <div className="space-y-4">
      <p className="max-w-3xl text-sm text-zinc-600 dark:text-zinc-400">
        Upstream has no stable or deprecated flag for kfuncs. Here, the people who depend on a kfunc ask for
        its promotion with evidence of production use, and maintainers decide; a deprecation names a
        replacement and the earliest release it may be removed in.{" "}
        <Link href="/queue" className="text-sky-700 underline dark:text-sky-400">
          Maintainers&apos; queue
        </Link>
      </p>
      <EvidenceInData evidence={evidence} governance={governance} />

      <div className="space-y-2">
        <h3 className="font-semibold">Projects that use it ({governance.dependents.length})</h3>
        {governance.dependents.length ? (
          <ul className="space-y-1 text-sm">
            {governance.dependents.map((d) => (
              <li key={d.id} className="flex flex-wrap items-center gap-2">
                {d.url ? (
                  <a
                    href={d.url}
                    rel="nofollow noopener noreferrer"
                    className="text-sky-700 underline dark:text-sky-400"
                  >
                    {d.project}
                  </a>
                ) : (
                  <span>{d.project}</span>
                )}
                <span className="text-xs text-zinc-500">
                  recorded by {d.recordedBy.name}, {date(d.createdAt)}
                </span>
                {principal && (principal.userId === d.recordedBy.id || mayDecide) ? (
                  <ActionForm action={removeDependentAction} label={`Remove ${d.project}`} className="inline">
                    <input type="hidden" name="kfunc" value={kfunc} />
                    <input type="hidden" name="dependentId" value={d.id} />
                    <button type="submit" className="text-xs text-zinc-500 underline">
                      remove
                    </button>
                  </ActionForm>
                ) : null}
              </li>
            ))}
          </ul>
        ) : (
          <p className="text-sm text-zinc-500">No project has said it uses this kfunc yet.</p>
        )}
        {mayPropose ? (
          <ActionForm
            action={addDependentAction}
            label="Record a project that uses this kfunc"
            className="max-w-xl"
          >
            <input type="hidden" name="kfunc" value={kfunc} />
            <div className="grid gap-2 sm:grid-cols-[1fr_1fr_auto] sm:items-end">
              <label className="block space-y-1 text-sm">
                <span className="font-medium">Project</span>
                <input name="project" required maxLength={200} className={inputClass} />
              </label>
              <label className="block space-y-1 text-sm">
                <span className="font-medium">Link</span>
                <input name="url" type="url" placeholder="https://…" className={inputClass} />
              </label>
              <button type="submit" className={secondaryButtonClass}>
                I use this kfunc
              </button>
            </div>
          </ActionForm>
        ) : null}
      </div>

      <div className="space-y-2">
        <h3 className="font-semibold">Proposals ({governance.proposals.length})</h3>
        {governance.proposals.length === 0 ? (
          <p className="text-sm text-zinc-500">No proposal has been filed for this kfunc.</p>
        ) : (
          <ol className="space-y-3">
            {governance.proposals.map((p) => (
              <li
                key={p.id}
                id={`proposal-${p.id}`}
                className="space-y-2 rounded-lg border border-zinc-200 p-3 dark:border-zinc-800"
              >
                <div className="flex flex-wrap items-center gap-2">
                  <span className="font-semibold">
                    #{p.id} {PROPOSAL_KIND_LABELS[p.kind]}
                  </span>
                  <span
                    className={`rounded px-1.5 py-0.5 text-xs font-semibold ${STATUS_STYLES[p.status] ?? ""}`}
                  >
                    {p.status.toLowerCase()}
                  </span>
                  <span className="text-xs text-zinc-500">
                    by {p.author.name}, {date(p.createdAt)}
                  </span>
                </div>
                <p className="whitespace-pre-wrap break-words text-sm">{p.rationale}</p>
                {p.kind === "DEPRECATE" || p.kind === "REMOVE" ? (
                  <p className="text-sm text-zinc-600 dark:text-zinc-400">
                    {p.release ? `From ${p.release}` : ""}
                    {p.removalEarliest ? `; removal from ${p.removalEarliest} at the earliest` : ""}
                    {p.replacement ? `; use ${p.replacement} instead` : ""}.
                  </p>
                ) : null}
                {p.evidence.length ? (
                  <ul className="list-disc pl-5 text-sm">
                    {p.evidence.map((link) => (
                      <li key={link} className="break-all">
                        <a
                          href={link}
                          rel="nofollow noopener noreferrer"
                          className="text-sky-700 underline dark:text-sky-400"
                        >
                          {link}
                        </a>
                      </li>
                    ))}
                  </ul>
                ) : null}
                {p.comments.length ? (
                  <ul className="space-y-1 border-l-2 border-zinc-200 pl-3 text-sm dark:border-zinc-700">
                    {p.comments.map((c) => (
                      <li key={c.id}>
                        <span className="font-medium">{c.author}</span>{" "}
                        <span className="text-xs text-zinc-500">{date(c.createdAt)}</span>
                        <p className="whitespace-pre-wrap break-words">{c.body}</p>
                      </li>
                    ))}
                  </ul>
                ) : null}
                {p.decision ? (
                  <p className="text-sm">
                    <strong>{p.decision.outcome === "APPROVED" ? "Approved" : "Rejected"}</strong> by{" "}
                    {p.decision.decider}, {date(p.decision.decidedAt)}: {p.decision.reason}
                  </p>
                ) : null}
                {p.status === "OPEN" && mayPropose ? (
                  <div className="grid gap-3 md:grid-cols-2">
                    <ActionForm action={commentAction} label={`Comment on proposal ${p.id}`}>
                      <input type="hidden" name="kfunc" value={kfunc} />
                      <input type="hidden" name="proposalId" value={p.id} />
                      <label className="block space-y-1 text-sm">
                        <span className="font-medium">Comment</span>
                        <textarea name="body" required rows={2} maxLength={10000} className={inputClass} />
                      </label>
                      <button type="submit" className={secondaryButtonClass}>
                        Comment
                      </button>
                    </ActionForm>
                    {mayDecide ? (
                      <ActionForm action={decideAction} label={`Decide proposal ${p.id}`}>
                        <input type="hidden" name="kfunc" value={kfunc} />
                        <input type="hidden" name="proposalId" value={p.id} />
                        <label className="block space-y-1 text-sm">
                          <span className="font-medium">Reason for the decision</span>
                          <textarea
                            name="reason"
                            required
                            rows={2}
                            maxLength={10000}
                            className={inputClass}
                          />
                        </label>
                        <div className="flex gap-2">
                          <button type="submit" name="outcome" value="APPROVED" className={buttonClass}>
                            Approve
                          </button>
                          <button
                            type="submit"
                            name="outcome"
                            value="REJECTED"
                            className={secondaryButtonClass}
                          >
                            Reject
                          </button>
                        </div>
                      </ActionForm>
                    ) : principal?.userId === p.author.id ? (
                      <ActionForm action={withdrawAction} label={`Withdraw proposal ${p.id}`}>
                        <input type="hidden" name="kfunc" value={kfunc} />
                        <input type="hidden" name="proposalId" value={p.id} />
                        <button type="submit" className={secondaryButtonClass}>
                          Withdraw my proposal
                        </button>
                      </ActionForm>
                    ) : null}
                  </div>
                ) : null}
              </li>
            ))}
          </ol>
        )}
      </div>

      {deprecation && mayDecide ? (
        <details>
          <summary className="cursor-pointer text-sm font-semibold text-sky-700 dark:text-sky-400">
            Change the removal schedule (now: {deprecation.removalEarliest ?? "none announced"})
          </summary>
          <ActionForm
            action={rescheduleAction}
            label="Change the removal schedule"
            className="max-w-2xl pt-2"
          >
            <input type="hidden" name="kfunc" value={kfunc} />
            <div className="grid gap-2 sm:grid-cols-2">
              <ReleaseField label="New earliest removal" name="removalEarliest" releases={releases} />
              <label className="block space-y-1 text-sm">
                <span className="font-medium">Replacement kfunc</span>
                <input
                  name="replacement"
                  defaultValue={deprecation.replacement ?? ""}
                  maxLength={200}
                  className={`${inputClass} font-mono`}
                />
              </label>
            </div>
            <label className="block space-y-1 text-sm">
              <span className="font-medium">Why</span>
              <textarea name="reason" required rows={2} maxLength={10000} className={inputClass} />
            </label>
            <button type="submit" className={buttonClass}>
              Change schedule
            </button>
          </ActionForm>
        </details>
      ) : null}

      {mayPropose ? (
        <Disclosure summary="File a proposal" initiallyOpen={governance.proposals.length === 0}>
          <ProposalForm kfunc={kfunc} options={options} releases={releases} action={fileProposalAction} />
        </Disclosure>
      ) : (
        <p className="text-sm">
          <Link href={signIn} className="text-sky-700 underline dark:text-sky-400">
            Sign in
          </Link>{" "}
          to propose a promotion or a deprecation, or to record that your project uses this kfunc.
        </p>
      )}
    </div>
  );
}
