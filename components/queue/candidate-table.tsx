import Link from "next/link";
import { KfuncLink } from "@/components/kfunc-link";
import type { PromotionCandidate } from "@/lib/governance/queue";

/** Promotion candidates, best first. */
export function CandidateTable({ rows }: { rows: PromotionCandidate[] }) {
  return (
    <div className="overflow-x-auto">
      <table className="w-full min-w-[32rem] text-left text-sm">
        <caption className="sr-only">Promotion candidates, highest score first</caption>
        <thead className="border-b border-zinc-200 text-xs text-zinc-500 dark:border-zinc-800">
          <tr>
            <th scope="col" className="py-1 pr-3 text-right font-medium">
              #
            </th>
            <th scope="col" className="py-1 pr-3 font-medium">
              kfunc
            </th>
            <th scope="col" className="py-1 pr-3 font-medium">
              Unchanged
            </th>
            <th scope="col" className="py-1 pr-3 text-right font-medium">
              Dependents
            </th>
            <th scope="col" className="py-1 pr-3 text-right font-medium">
              Score
            </th>
            <th scope="col" className="py-1 font-medium">
              Proposal
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((c, i) => (
            <tr key={c.name} className="border-b border-zinc-100 align-top dark:border-zinc-900">
              <td className="py-1.5 pr-3 text-right tabular-nums text-zinc-500">{i + 1}</td>
              <th scope="row" className="py-1.5 pr-3 font-normal">
                <KfuncLink name={c.name} />
              </th>
              <td className="py-1.5 pr-3">
                {c.run.releases} releases
                {c.run.since ? (
                  <span className="text-zinc-500">
                    {" "}
                    since <span className="font-mono">{c.run.since}</span>
                  </span>
                ) : null}
              </td>
              <td className="py-1.5 pr-3 text-right tabular-nums">{c.dependents}</td>
              <td className="py-1.5 pr-3 text-right font-semibold tabular-nums">{c.score}</td>
              <td className="py-1.5">
                {c.openProposal ? (
                  <Link
                    href={`/kfuncs/${c.name}#proposal-${c.openProposal}`}
                    className="text-sky-700 underline dark:text-sky-400"
                  >
                    #{c.openProposal} open
                  </Link>
                ) : (
                  <span className="text-zinc-500">none yet</span>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
