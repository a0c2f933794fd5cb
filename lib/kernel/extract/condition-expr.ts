// `#if` expressions reduced to what they say about kernel configuration.
//
// Kernel facts: configuration reaches C as CONFIG_ macros from autoconf.h, tested with
// `#ifdef CONFIG_X`, `defined(CONFIG_X)`, `IS_ENABLED(CONFIG_X)` (built-in or module),
// `IS_BUILTIN(CONFIG_X)`, `IS_REACHABLE(CONFIG_X)`, or `IS_MODULE(CONFIG_X)` (which autoconf.h
// spells CONFIG_X_MODULE). `#if 0` marks dead code. Everything else (version checks, arch
// macros, include guards) is not configuration and yields no guard.

export type CondExpr =
  | { kind: "config"; symbol: string }
  | { kind: "const"; value: number }
  | { kind: "not"; operand: CondExpr }
  | { kind: "and" | "or"; left: CondExpr; right: CondExpr }
  | { kind: "other" };

const OTHER: CondExpr = { kind: "other" };

export function configSymbol(symbol: string): CondExpr {
  return symbol.startsWith("CONFIG_") ? { kind: "config", symbol } : OTHER;
}

export function not(operand: CondExpr): CondExpr {
  return { kind: "not", operand };
}

export function and(left: CondExpr, right: CondExpr): CondExpr {
  return { kind: "and", left, right };
}

const TOKEN =
  /\s*(defined|[A-Za-z_]\w*|0[xX][0-9a-fA-F]+|\d+|&&|\|\||==|!=|<=|>=|<<|>>|[!()<>+\-*/%&|^~?:,])[uUlL]*/y;

function tokenize(text: string): string[] {
  const tokens: string[] = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < text.length) {
    const start = TOKEN.lastIndex;
    const match = TOKEN.exec(text);
    if (!match?.[1]) {
      if (/^\s*$/.test(text.slice(start))) break;
      return ["<unparsable>"];
    }
    tokens.push(match[1]);
  }
  return tokens;
}

const CONFIG_TESTS = new Set(["IS_ENABLED", "IS_BUILTIN", "IS_REACHABLE", "IS_MODULE"]);
const COMPARISONS = new Set([
  "==",
  "!=",
  "<",
  ">",
  "<=",
  ">=",
  "+",
  "-",
  "*",
  "/",
  "%",
  "<<",
  ">>",
  "&",
  "|",
  "^",
  "?",
  ":",
]);

/** Recursive descent over ||, &&, !, and primaries; any arithmetic or comparison becomes "other". */
class ExprParser {
  private pos = 0;
  constructor(private readonly tokens: string[]) {}

  parse(): CondExpr {
    const expr = this.parseOr();
    return this.pos === this.tokens.length ? expr : OTHER;
  }

  private peek(): string | undefined {
    return this.tokens[this.pos];
  }

  private parseOr(): CondExpr {
    let left = this.parseAnd();
    while (this.peek() === "||") {
      this.pos++;
      left = { kind: "or", left, right: this.parseAnd() };
    }
    return left;
  }

  private parseAnd(): CondExpr {
    let left = this.parseComparison();
    while (this.peek() === "&&") {
      this.pos++;
      left = { kind: "and", left, right: this.parseComparison() };
    }
    return left;
  }

  private parseComparison(): CondExpr {
    let left = this.parseUnary();
    while (this.peek() !== undefined && COMPARISONS.has(this.peek() as string)) {
      this.pos++;
      this.parseUnary();
      left = OTHER;
    }
    return left;
  }

  private parseUnary(): CondExpr {
    const token = this.peek();
    if (token === "!") {
      this.pos++;
      return not(this.parseUnary());
    }
    if (token === "-" || token === "~" || token === "+") {
      this.pos++;
      this.parseUnary();
      return OTHER;
    }
    return this.parsePrimary();
  }

  private parsePrimary(): CondExpr {
    const token = this.tokens[this.pos++];
    if (token === undefined) return OTHER;
    if (token === "(") {
      const inner = this.parseOr();
      if (this.peek() === ")") this.pos++;
      return inner;
    }
    if (token === "defined") {
      const parenthesised = this.peek() === "(";
      if (parenthesised) this.pos++;
      const symbol = this.tokens[this.pos++] ?? "";
      if (parenthesised && this.peek() === ")") this.pos++;
      return configSymbol(symbol);
    }
    if (/^\d/.test(token))
      return {
        kind: "const",
        value: Number.parseInt(token, token.startsWith("0x") || token.startsWith("0X") ? 16 : 10),
      };
    if (/^[A-Za-z_]/.test(token)) {
      if (this.peek() !== "(") return configSymbol(token);
      const args = this.skipCallArguments();
      if (CONFIG_TESTS.has(token) && args.length === 1 && args[0]) {
        return configSymbol(token === "IS_MODULE" ? `${args[0]}_MODULE` : args[0]);
      }
      return OTHER;
    }
    return OTHER;
  }

  /** Consumes `( … )` and returns the arguments that are single tokens. */
  private skipCallArguments(): string[] {
    this.pos++;
    let depth = 1;
    const args: string[] = [];
    let current: string[] = [];
    while (this.pos < this.tokens.length && depth > 0) {
      const token = this.tokens[this.pos++] as string;
      if (token === "(") depth++;
      else if (token === ")") depth--;
      if (depth === 0 || (depth === 1 && token === ",")) {
        args.push(current.length === 1 ? (current[0] as string) : "");
        current = [];
      } else current.push(token);
    }
    return args;
  }
}

export function parseCondition(text: string): CondExpr {
  return new ExprParser(tokenize(text)).parse();
}

/** True when the expression contains only configuration tests (no "other", no constants). */
function isPureConfig(expr: CondExpr): boolean {
  switch (expr.kind) {
    case "config":
      return true;
    case "not":
      return isPureConfig(expr.operand);
    case "and":
    case "or":
      return isPureConfig(expr.left) && isPureConfig(expr.right);
    default:
      return false;
  }
}

/** Renders with negations pushed inward (De Morgan), e.g. "CONFIG_A || !CONFIG_B". */
function render(expr: CondExpr, negated: boolean, parent: "and" | "or" | null): string {
  switch (expr.kind) {
    case "config":
      return negated ? `!${expr.symbol}` : expr.symbol;
    case "not":
      return render(expr.operand, !negated, parent);
    case "and":
    case "or": {
      const op = (expr.kind === "and") !== negated ? "and" : "or";
      const text = `${render(expr.left, negated, op)} ${op === "and" ? "&&" : "||"} ${render(expr.right, negated, op)}`;
      return parent !== null && parent !== op ? `(${text})` : text;
    }
    default:
      return "?";
  }
}

export interface ConditionMeaning {
  /** Configuration conditions that must all hold for the code to be compiled. */
  guards: string[];
  /** True when the code can never be compiled (`#if 0`, the `#else` of `#if 1`). */
  dead: boolean;
}

/** What must hold when `expr` (negated when `negated`) is true. */
export function necessaryConditions(expr: CondExpr, negated = false): ConditionMeaning {
  switch (expr.kind) {
    case "config":
      return { guards: [negated ? `!${expr.symbol}` : expr.symbol], dead: false };
    case "const":
      return { guards: [], dead: (expr.value !== 0) === negated };
    case "not":
      return necessaryConditions(expr.operand, !negated);
    case "and":
    case "or": {
      const conjunction = (expr.kind === "and") !== negated;
      const left = necessaryConditions(expr.left, negated);
      const right = necessaryConditions(expr.right, negated);
      if (conjunction)
        return { guards: [...new Set([...left.guards, ...right.guards])], dead: left.dead || right.dead };
      // A disjunction: a dead side drops out; otherwise only a purely configuration
      // disjunction is a necessary condition, kept whole ("CONFIG_A || CONFIG_B").
      if (left.dead && right.dead) return { guards: [], dead: true };
      if (left.dead) return right;
      if (right.dead) return left;
      if (isPureConfig(expr)) return { guards: [render(expr, negated, null)], dead: false };
      return { guards: [], dead: false };
    }
    default:
      return { guards: [], dead: false };
  }
}
