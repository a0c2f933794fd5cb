import { isWebSource } from "@/lib/events/source-ref";
import { cn } from "./cn";

/**
 * An event's source: a link when it is a web address, otherwise the file read in a Debian source
 * package, shown as text (it is not a URL a browser could follow).
 */
export function SourceRef({ source, className }: { source: string; className?: string }) {
  if (isWebSource(source)) {
    return (
      <a href={source} className={cn("text-sky-700 underline dark:text-sky-400", className)} rel="noreferrer">
        source
      </a>
    );
  }
  return (
    <span className={className}>
      source: <code className="break-all font-mono">{source}</code>
    </span>
  );
}
