"use client";

import Link from "next/link";
import type { HideableColumn } from "@/lib/catalog/query";
import type { RowTuple } from "@/lib/catalog/row-tuple";
import { progTypeLabel } from "@/lib/kernel/prog-types";
import { StateBadge } from "../state-badge";

// The catalog's rows. A React page carries what it renders twice (as HTML and in the payload the
// browser hydrates from), so each row crosses as one compact tuple rather than as an object or a
// tree of elements. Below the sm breakpoint a row shows its name and state (app/globals.css .ct).

const chips = (values: string[]) =>
  values.length ? (
    <ul className="chips">
      {values.map((v) => (
        <li key={v}>{progTypeLabel(v)}</li>
      ))}
    </ul>
  ) : (
    "—"
  );

export function CatalogRows({ rows, hidden }: { rows: RowTuple[]; hidden: HideableColumn[] }) {
  const show = (column: HideableColumn) => !hidden.includes(column);
  return (
    <tbody>
      {rows.map(([name, state, subsystem, prototype, firstSeen, lastSeen, progTypes, flags]) => (
        <tr key={name}>
          <th scope="row">
            <Link href={`/kfuncs/${encodeURIComponent(name)}`} className="n" prefetch={false}>
              {name}
            </Link>
            {prototype ? <code className="p">{prototype}</code> : null}
          </th>
          <td>
            <StateBadge state={state} />
          </td>
          {show("subsystem") ? <td className="m">{subsystem}</td> : null}
          {show("firstSeen") ? <td>{firstSeen ?? "—"}</td> : null}
          {show("lastSeen") ? <td>{lastSeen ?? "—"}</td> : null}
          {show("progTypes") ? <td>{chips(progTypes)}</td> : null}
          {show("flags") ? <td>{chips(flags)}</td> : null}
        </tr>
      ))}
    </tbody>
  );
}
