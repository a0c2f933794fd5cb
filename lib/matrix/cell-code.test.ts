import { describe, expect, it } from "vitest";
import { decodeCell, encodeCell } from "./cell-code";
import type { MatrixCell } from "./cells";

describe("matrix cell codes", () => {
  it("round-trips every field, the release coming from the column", () => {
    const cells: MatrixCell[] = [
      { release: "v6.12", availability: "present", change: "introduced", state: "UNSTABLE", modules: null },
      {
        release: "v6.12",
        availability: "present",
        change: null,
        state: "UNSTABLE",
        modules: ["fou", "nf_nat"],
      },
      { release: "v6.12", availability: "unknown", change: null, state: null, modules: null },
      { release: "v6.12", availability: "absent", change: "removed", state: "REMOVED", modules: null },
    ];
    for (const cell of cells) expect(decodeCell(encodeCell(cell), "v6.12")).toEqual(cell);
  });
});
