import { type LifecycleState, STATE_DESCRIPTIONS, STATE_LABELS } from "@/lib/lifecycle/states";
import { cn } from "./cn";

// Never colour alone: each state has a text label and a glyph as well. The look lives in short
// classes (app/globals.css: .badge, .b-STATE) because the catalog renders one badge per row.
const GLYPHS: Record<LifecycleState, string> = {
  UNSTABLE: "◌",
  STABLE: "●",
  DEPRECATED: "▼",
  REMOVED: "✕",
};

export function StateBadge({
  state,
  className,
  describe = false,
}: {
  state: LifecycleState;
  className?: string;
  /** Add the state's meaning as a tooltip (where one badge stands alone, not in every row). */
  describe?: boolean;
}) {
  return (
    <span
      title={describe ? STATE_DESCRIPTIONS[state] : undefined}
      className={cn("badge", `b-${state}`, className)}
    >
      <span aria-hidden="true">{GLYPHS[state]}</span>
      {STATE_LABELS[state]}
    </span>
  );
}
