import { describe, expect, it } from "vitest";
import { necessaryConditions, parseCondition } from "./condition-expr";
import { ConditionMap } from "./conditions";
import { splitDirectives } from "./directives";

function guardsOf(expression: string): string[] {
  return necessaryConditions(parseCondition(expression)).guards;
}

describe("#if expressions", () => {
  it("reads the configuration tests the kernel uses", () => {
    expect(guardsOf("IS_ENABLED(CONFIG_BPF_JIT)")).toEqual(["CONFIG_BPF_JIT"]);
    expect(guardsOf("defined(CONFIG_X) && !defined(CONFIG_Y)")).toEqual(["CONFIG_X", "!CONFIG_Y"]);
    expect(guardsOf("defined CONFIG_X")).toEqual(["CONFIG_X"]);
    expect(guardsOf("IS_BUILTIN(CONFIG_TCP_CONG_BBR)")).toEqual(["CONFIG_TCP_CONG_BBR"]);
    expect(guardsOf("IS_MODULE(CONFIG_NF_CONNTRACK)")).toEqual(["CONFIG_NF_CONNTRACK_MODULE"]);
    expect(guardsOf("CONFIG_A || (CONFIG_B && !CONFIG_C)")).toEqual(["CONFIG_A || (CONFIG_B && !CONFIG_C)"]);
  });

  it("drops what is not configuration", () => {
    expect(guardsOf("LINUX_VERSION_CODE >= KERNEL_VERSION(6, 1, 0)")).toEqual([]);
    expect(guardsOf("defined(CONFIG_X) && CONFIG_NR_CPUS > 1")).toEqual(["CONFIG_X"]);
    expect(guardsOf("defined(CONFIG_X) || defined(__KERNEL__)")).toEqual([]);
    expect(guardsOf("defined(_LINUX_BTF_H)")).toEqual([]);
  });

  it("recognises dead code", () => {
    expect(necessaryConditions(parseCondition("0")).dead).toBe(true);
    expect(necessaryConditions(parseCondition("1")).dead).toBe(false);
    expect(necessaryConditions(parseCondition("0 && CONFIG_X")).dead).toBe(true);
  });
});

describe("ConditionMap", () => {
  it("tracks nesting, #elif and #else per line", () => {
    const source = [
      "#ifdef CONFIG_A", // 1
      "a", // 2
      "#ifndef CONFIG_B", // 3
      "ab", // 4
      "#endif", // 5
      "#elif IS_ENABLED(CONFIG_C)", // 6
      "c", // 7
      "#else", // 8
      "none", // 9
      "#endif", // 10
      "#if 0", // 11
      "dead", // 12
      "#endif", // 13
      "top", // 14
    ].join("\n");
    const map = new ConditionMap(splitDirectives(source).directives);
    expect(map.guardsAt(2)).toEqual(["CONFIG_A"]);
    expect(map.guardsAt(4)).toEqual(["CONFIG_A", "!CONFIG_B"]);
    expect(map.guardsAt(7)).toEqual(["!CONFIG_A", "CONFIG_C"]);
    expect(map.guardsAt(9)).toEqual(["!CONFIG_A", "!CONFIG_C"]);
    expect(map.isDead(12)).toBe(true);
    expect(map.guardsAt(14)).toEqual([]);
    expect(map.isDead(14)).toBe(false);
  });
});
