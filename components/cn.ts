import { type ClassValue, clsx } from "clsx";
import { twMerge } from "tailwind-merge";

/** Class names joined, later Tailwind utilities winning: `cn("text-xs", "text-sm")` is "text-sm". */
export function cn(...values: ClassValue[]) {
  return twMerge(clsx(values));
}
