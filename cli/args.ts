import { type ParseArgsConfig, parseArgs } from "node:util";

/** parseArgs, with a bad option returned as a message instead of thrown. */
export function tryParseArgs<T extends ParseArgsConfig>(config: T): ReturnType<typeof parseArgs<T>> | string {
  try {
    return parseArgs(config);
  } catch (error) {
    return (error as Error).message;
  }
}
