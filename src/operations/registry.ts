/**
 * Every operation the product offers, in the order tools are listed to the model.
 * Adapters (src/mcp, later REST) register exactly this list.
 */
import type { Operation } from "./operation";
import { whoami } from "./whoami";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyOperation = Operation<any, any>;

export const operations: readonly AnyOperation[] = [whoami];
