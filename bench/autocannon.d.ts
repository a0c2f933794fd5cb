// The few parts of autocannon (which ships no types) that bench/load.ts uses.
declare module "autocannon" {
  interface Result {
    duration: number;
    requests: { total: number };
    errors: number;
    timeouts: number;
    non2xx: number;
    "5xx": number;
  }
  interface Instance extends PromiseLike<Result> {
    on(
      event: "response",
      listener: (client: unknown, status: number, bytes: number, ms: number) => void,
    ): void;
  }
  interface Options {
    url: string;
    connections?: number;
    duration?: number;
    method?: string;
    headers?: Record<string, string>;
    body?: string;
    timeout?: number;
    requests?: Array<Record<string, unknown>>;
  }
  export default function autocannon(options: Options): Instance;
}
