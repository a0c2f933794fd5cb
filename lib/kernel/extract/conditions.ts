// Conditional compilation state per line: which CONFIG_ guards enclose it, and whether it is dead.
//
// Kernel fact: `#ifdef CONFIG_…` appears inside kfunc sets (helpers.c guards bpf_cgroup_* with
// CONFIG_CGROUPS), around whole sets, and around `#include "ext.c"` (build_policy.c). An `#elif`
// or `#else` branch holds only when every earlier branch of its group failed.

import { and, type CondExpr, configSymbol, necessaryConditions, not, parseCondition } from "./condition-expr";
import type { Directive } from "./directives";

interface Group {
  /** Own conditions of the branches seen so far in this #if group (c1, c2, … of #if c1 / #elif c2). */
  branches: CondExpr[];
  /** Condition under which the current branch is compiled: !c1 && … && !c(n-1) && cn. */
  current: CondExpr;
}

interface Segment {
  fromLine: number;
  guards: string[];
  dead: boolean;
}

function firstWord(text: string): string {
  return text.trim().split(/\s/)[0] ?? "";
}

/** !earlier1 && !earlier2 && … && own, in source order (so guards read in source order). */
function branchCondition(earlier: CondExpr[], own: CondExpr | null): CondExpr {
  const parts = [...earlier.map(not), ...(own ? [own] : [])];
  const [first, ...rest] = parts;
  if (!first) return { kind: "const", value: 1 };
  return rest.reduce((condition, part) => and(condition, part), first);
}

export class ConditionMap {
  private readonly segments: Segment[] = [{ fromLine: 1, guards: [], dead: false }];

  constructor(directives: readonly Directive[]) {
    const stack: Group[] = [];
    for (const directive of directives) {
      switch (directive.keyword) {
        case "if":
          this.open(stack, parseCondition(directive.body));
          break;
        case "ifdef":
          this.open(stack, configSymbol(firstWord(directive.body)));
          break;
        case "ifndef":
          this.open(stack, not(configSymbol(firstWord(directive.body))));
          break;
        case "elif":
        case "elifdef":
        case "elifndef":
        case "else": {
          const group = stack[stack.length - 1];
          if (!group) continue;
          const own =
            directive.keyword === "else"
              ? null
              : directive.keyword === "elif"
                ? parseCondition(directive.body)
                : directive.keyword === "elifdef"
                  ? configSymbol(firstWord(directive.body))
                  : not(configSymbol(firstWord(directive.body)));
          group.current = branchCondition(group.branches, own);
          if (own) group.branches.push(own);
          break;
        }
        case "endif":
          stack.pop();
          break;
        default:
          continue;
      }
      this.pushSegment(directive.endLine + 1, stack);
    }
  }

  private open(stack: Group[], condition: CondExpr): void {
    stack.push({ branches: [condition], current: condition });
  }

  private pushSegment(fromLine: number, stack: readonly Group[]): void {
    const guards = new Set<string>();
    let dead = false;
    for (const group of stack) {
      const meaning = necessaryConditions(group.current);
      for (const guard of meaning.guards) guards.add(guard);
      dead ||= meaning.dead;
    }
    this.segments.push({ fromLine, guards: [...guards], dead });
  }

  private segmentAt(line: number): Segment {
    let lo = 0;
    let hi = this.segments.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((this.segments[mid] as Segment).fromLine <= line) lo = mid;
      else hi = mid - 1;
    }
    return this.segments[lo] as Segment;
  }

  /** CONFIG_ conditions that must hold for `line` to be compiled, outermost first. */
  guardsAt(line: number): string[] {
    return this.segmentAt(line).guards;
  }

  /** True when `line` sits in code that is never compiled (`#if 0`). */
  isDead(line: number): boolean {
    return this.segmentAt(line).dead;
  }
}
