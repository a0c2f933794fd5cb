import Link from "next/link";
import { KfuncLink } from "@/components/kfunc-link";
import type { PromotionCandidate } from "@/lib/governance/queue";

/** Promotion candidates, best first. */
export function CandidateTable({ rows }: { rows: PromotionCandidate[] }) {
  return (
    <div className="sm:overflow-x-auto">
      {/* On a phone each row wraps into two lines, every figure labelled; a table from sm up. */}
      <table className="w-full text-left text-sm max-sm:block sm:min-w-[32rem]">
        <caption className="sr-only">Promotion candidates, highest score first</caption>
        <thead className="border-b border-zinc-200 text-xs text-zinc-500 max-sm:sr-only dark:border-zinc-800">
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
        <tbody className="max-sm:block">
          {rows.map((c, i) => (
            <tr
              key={c.name}
              className="border-b border-zinc-100 align-top max-sm:flex max-sm:flex-wrap max-sm:gap-x-3 max-sm:py-1.5 dark:border-zinc-900"
            >
              <td className="py-1.5 pr-3 text-right tabular-nums text-zinc-500 max-sm:p-0">{i + 1}</td>
              <th scope="row" className="py-1.5 pr-3 font-normal max-sm:basis-[calc(100%-3rem)] max-sm:p-0">
                <KfuncLink name={c.name} />
              </th>
              <td className="py-1.5 pr-3 max-sm:basis-full max-sm:p-0 max-sm:pl-6">
                {c.run.releases} releases
                {c.run.since ? (
                  <span className="text-zinc-500">
                    {" "}
                    since <span className="font-mono">{c.run.since}</span>
                  </span>
                ) : null}
              </td>
              <td className="py-1.5 pr-3 text-right tabular-nums max-sm:p-0 max-sm:pl-6">
                {c.dependents}
                <span className="text-zinc-500 sm:hidden"> dependent{c.dependents === 1 ? "" : "s"}</span>
              </td>
              <td className="py-1.5 pr-3 text-right font-semibold tabular-nums max-sm:p-0">
                <span className="font-normal text-zinc-500 sm:hidden">score </span>
                {c.score}
              </td>
              <td className="py-1.5 max-sm:p-0">
                {c.openProposal ? (
                  <Link
                    href={`/kfuncs/${c.name}#proposal-${c.openProposal}`}
                    className="text-sky-700 underline dark:text-sky-400"
                  >
                    #{c.openProposal} open
                  </Link>
                ) : (
                  <span className="text-zinc-500">
                    <span className="sm:hidden">proposal: </span>none yet
                  </span>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
