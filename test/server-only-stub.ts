// `server-only` throws when imported outside a React Server environment; tests run data
// functions directly in Node, which is the server.
export {};
