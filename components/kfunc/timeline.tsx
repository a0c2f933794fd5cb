import { layoutTimeline, type TimelineEvent, type TimelineRelease } from "@/lib/kfunc/timeline";
import { EVENT_KIND_LABELS, type LifecycleState, STATE_LABELS } from "@/lib/lifecycle/states";
import { ScrollEnd } from "../ui/scroll-end";

const BAND_CLASS: Record<LifecycleState, string> = {
  UNSTABLE: "fill-amber-200 dark:fill-amber-900",
  STABLE: "fill-emerald-200 dark:fill-emerald-900",
  DEPRECATED: "fill-orange-300 dark:fill-orange-800",
  REMOVED: "fill-zinc-300 dark:fill-zinc-700",
};

// One glyph per family of event, so markers differ by shape as well as colour.
function Marker({ kind, x, y }: { kind: string; x: number; y: number }) {
  const stroke = "stroke-zinc-900 dark:stroke-zinc-100";
  switch (kind) {
    case "INTRODUCED":
    case "REINTRODUCED":
      return <circle cx={x} cy={y} r={5} className={`fill-sky-500 ${stroke}`} />;
    case "REMOVED":
      return (
        <path
          d={`M${x - 5} ${y - 5}L${x + 5} ${y + 5}M${x + 5} ${y - 5}L${x - 5} ${y + 5}`}
          className={stroke}
          strokeWidth={2.5}
        />
      );
    case "DEPRECATED":
      return (
        <path d={`M${x - 6} ${y - 5}H${x + 6}L${x} ${y + 6}Z`} className={`fill-orange-500 ${stroke}`} />
      );
    case "PROMOTED":
    case "UNDEPRECATED":
      return (
        <path d={`M${x - 6} ${y + 5}H${x + 6}L${x} ${y - 6}Z`} className={`fill-emerald-500 ${stroke}`} />
      );
    case "POLICY_VIOLATION":
      return (
        <g>
          <rect x={x - 6} y={y - 6} width={12} height={12} className="fill-red-600" />
          <text x={x} y={y + 4} textAnchor="middle" className="fill-white text-[10px] font-bold">
            !
          </text>
        </g>
      );
    default:
      return (
        <rect
          x={x - 4.5}
          y={y - 4.5}
          width={9}
          height={9}
          transform={`rotate(45 ${x} ${y})`}
          className={`fill-violet-500 ${stroke}`}
        />
      );
  }
}

/** The kfunc's life on one axis; the event list below it carries the same facts as text. */
export function Timeline({
  releases,
  events,
  name,
}: {
  releases: TimelineRelease[];
  events: TimelineEvent[];
  name: string;
}) {
  const layout = layoutTimeline(releases, events);
  const bandY = 18;
  const bandH = 22;
  const markerY = bandY + bandH + 14;
  const lanes = Math.max(1, ...layout.markers.map((m) => m.lane + 1));
  const axisY = markerY + (lanes - 1) * 14 + 16;
  const height = axisY + 34;
  // One string: React hydrates an SVG <title> as a single text node.
  const summary = `Timeline of ${name}: ${layout.bands.map((b) => `${STATE_LABELS[b.state]} ${b.from}–${b.to}`).join(", ") || "no state yet"}`;
  return (
    <figure className="space-y-2">
      <ScrollEnd
        label={`Timeline of ${name}, newest releases at the right`}
        className="overflow-x-auto rounded-lg border border-zinc-200 p-2 dark:border-zinc-800"
      >
        <svg
          role="img"
          aria-labelledby={`timeline-title-${name}`}
          viewBox={`0 0 ${layout.width} ${height}`}
          width={layout.width}
          height={height}
          className="text-zinc-900 dark:text-zinc-100"
        >
          <title id={`timeline-title-${name}`}>{summary}</title>
          {layout.bands.map((b) => (
            <g key={`${b.state}-${b.from}`}>
              <rect
                x={b.x1}
                y={bandY}
                width={b.x2 - b.x1}
                height={bandH}
                rx={4}
                className={BAND_CLASS[b.state]}
              />
              {b.x2 - b.x1 > 60 ? (
                <text
                  x={(b.x1 + b.x2) / 2}
                  y={bandY + 15}
                  textAnchor="middle"
                  className="fill-current text-[11px] font-medium"
                >
                  {STATE_LABELS[b.state]}
                </text>
              ) : null}
            </g>
          ))}
          {layout.markers.map((m) => (
            <g key={m.id}>
              <title>{`${EVENT_KIND_LABELS[m.kind] ?? m.kind} in ${m.release}`}</title>
              <Marker kind={m.kind} x={m.x} y={markerY + m.lane * 14} />
            </g>
          ))}
          <line x1={0} x2={layout.width} y1={axisY} y2={axisY} className="stroke-zinc-400" />
          {layout.ticks.map((t) => (
            <g key={t.tag}>
              <line
                x1={t.x}
                x2={t.x}
                y1={axisY - 4}
                y2={axisY + 4}
                className="stroke-zinc-500"
                strokeWidth={t.ingested ? 2 : 1}
              />
              {t.ingested ? (
                <circle cx={t.x} cy={axisY} r={3.5} className="fill-sky-600 dark:fill-sky-400" />
              ) : null}
              {t.label ? (
                <text
                  x={t.x}
                  y={axisY + 18}
                  textAnchor="middle"
                  className={t.ingested ? "fill-current text-[10px] font-bold" : "fill-zinc-500 text-[9px]"}
                >
                  {t.tag}
                </text>
              ) : null}
            </g>
          ))}
        </svg>
      </ScrollEnd>
      <figcaption className="flex flex-wrap gap-x-4 gap-y-1 text-xs text-zinc-600 dark:text-zinc-400">
        <span>Bands: state in each release.</span>
        <span>● on the axis: ingested release (data read from it).</span>
        <span>
          Markers: ● introduced · ✕ removed · ▼ deprecated · ▲ promoted · ◆ changed · ! policy violation.
        </span>
      </figcaption>
    </figure>
  );
}
