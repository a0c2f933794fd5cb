"use client";

import { type ReactNode, useEffect, useRef } from "react";

/**
 * A horizontal scroll box that opens at its right end: on a narrow screen a timeline or table of
 * releases shows the newest first, and the user scrolls back for older ones.
 */
export function ScrollEnd({
  className,
  label,
  children,
}: {
  className?: string;
  label: string;
  children: ReactNode;
}) {
  const box = useRef<HTMLElement>(null);
  useEffect(() => {
    const element = box.current;
    if (element && element.scrollWidth > element.clientWidth) element.scrollLeft = element.scrollWidth;
  }, []);
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard
    <section ref={box} className={className} aria-label={label} tabIndex={0}>
      {children}
    </section>
  );
}
