import { wordDiff } from "@/lib/kfunc/word-diff";

const STYLE = {
  removed: "bg-red-100 text-red-900 line-through dark:bg-red-950 dark:text-red-200",
  added: "bg-emerald-100 text-emerald-900 underline dark:bg-emerald-950 dark:text-emerald-200",
} as const;

/** A prototype change, word by word: removed words struck through, added ones underlined. */
export function PrototypeDiff({ before, after }: { before: string; after: string }) {
  let offset = 0;
  const parts = wordDiff(before, after).map((part) => {
    const key = `${offset}-${part.change}`;
    offset += part.text.length;
    return { ...part, key };
  });
  return (
    <code className="block whitespace-pre-wrap break-words font-mono text-xs leading-relaxed">
      {parts.map((part) => {
        if (part.change === "same") return <span key={part.key}>{part.text}</span>;
        const Tag = part.change === "removed" ? "del" : "ins";
        return (
          <Tag key={part.key} className={STYLE[part.change]}>
            <span className="sr-only">{part.change}: </span>
            {part.text}
          </Tag>
        );
      })}
    </code>
  );
}
