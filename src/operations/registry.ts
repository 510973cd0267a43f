/**
 * Every operation the product offers, in the order tools are listed to the model.
 * Adapters (src/mcp, later REST) register exactly this list. Each group keeps its own
 * list in its folder's index.ts.
 */
import { getAuditLog } from "./audit/get-audit-log";
import { bookingOperations } from "./bookings";
import { listingOperations } from "./listings";
import { messagingOperations } from "./messaging";
import type { Operation } from "./operation";
import { reportOperations } from "./reports";
import { whoami } from "./whoami";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyOperation = Operation<any, any>;

export const operations: readonly AnyOperation[] = [
	whoami,
	...listingOperations,
	...bookingOperations,
	...messagingOperations,
	...reportOperations,
	getAuditLog,
];
