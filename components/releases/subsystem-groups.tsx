import type { ReactNode } from "react";
import { groupBySubsystem } from "@/lib/releases/diff";

/** A release report's list, one heading per subsystem with its count. */
export function SubsystemGroups<T extends { name: string; subsystem: string }>({
  items,
  spacing = "space-y-1",
  children,
}: {
  items: readonly T[];
  spacing?: string;
  children: (item: T) => ReactNode;
}) {
  return (
    <div className="space-y-3">
      {groupBySubsystem(items).map(([subsystem, group]) => (
        <div key={subsystem}>
          <h3 className="font-mono text-sm font-semibold text-zinc-600 dark:text-zinc-400">
            {subsystem} <span className="font-normal">({group.length})</span>
          </h3>
          <ul className={`mt-1 ${spacing}`}>{group.map(children)}</ul>
        </div>
      ))}
    </div>
  );
}
