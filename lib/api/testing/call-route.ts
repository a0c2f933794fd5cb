// Calls an exported route handler directly, as Next.js would, for integration tests.

type Handler<P> = (request: Request, context: { params: Promise<P> }) => Promise<Response>;

export interface RouteAnswer {
  status: number;
  headers: Headers;
  text: string;
  // biome-ignore lint/suspicious/noExplicitAny: tests read answers loosely and assert on them
  json: () => any;
}

export async function callRoute<P extends object>(
  handler: Handler<P>,
  path: string,
  options: { params?: P; headers?: Record<string, string> } = {},
): Promise<RouteAnswer> {
  const request = new Request(new URL(path, "http://127.0.0.1"), { headers: options.headers });
  const response = await handler(request, { params: Promise.resolve(options.params ?? ({} as P)) });
  const text = await response.text();
  return { status: response.status, headers: response.headers, text, json: () => JSON.parse(text) };
}
