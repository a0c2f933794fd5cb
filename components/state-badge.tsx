import { type LifecycleState, STATE_DESCRIPTIONS, STATE_LABELS } from "@/lib/lifecycle";
import { cn } from "./cn";

// Never colour alone: each state has a text label and a glyph as well.
const STYLES: Record<LifecycleState, { glyph: string; className: string }> = {
  UNSTABLE: {
    glyph: "◌",
    className:
      "border-amber-300 bg-amber-50 text-amber-900 dark:border-amber-700 dark:bg-amber-950 dark:text-amber-200",
  },
  STABLE: {
    glyph: "●",
    className:
      "border-emerald-300 bg-emerald-50 text-emerald-900 dark:border-emerald-700 dark:bg-emerald-950 dark:text-emerald-200",
  },
  DEPRECATED: {
    glyph: "▼",
    className:
      "border-orange-300 bg-orange-50 text-orange-900 dark:border-orange-700 dark:bg-orange-950 dark:text-orange-200",
  },
  REMOVED: {
    glyph: "✕",
    className:
      "border-zinc-300 bg-zinc-100 text-zinc-700 dark:border-zinc-600 dark:bg-zinc-800 dark:text-zinc-300",
  },
};

export function StateBadge({ state, className }: { state: LifecycleState; className?: string }) {
  const style = STYLES[state];
  return (
    <span
      title={STATE_DESCRIPTIONS[state]}
      className={cn(
        "inline-flex items-center gap-1 whitespace-nowrap rounded-full border px-2 py-0.5 text-xs font-medium",
        style.className,
        className,
      )}
    >
      <span aria-hidden="true">{style.glyph}</span>
      {STATE_LABELS[state]}
    </span>
  );
}
