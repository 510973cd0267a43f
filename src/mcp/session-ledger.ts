/**
 * The write ledger (src/operations/confirmation.ts) kept in the MCP session's Durable Object
 * storage: pending confirmations and completed writes, under prefixed keys. It lives as long
 * as the session; the session's idle alarm deletes it with everything else.
 */
import type { CompletedWrite, PendingWrite, WriteLedger } from "../operations/confirmation";

const PENDING = "write:pending:";
const COMPLETED = "write:done:";

export class SessionWriteLedger implements WriteLedger {
	constructor(private readonly storage: DurableObjectStorage) {}

	getPending(token: string): Promise<PendingWrite | undefined> {
		return this.storage.get<PendingWrite>(PENDING + token);
	}

	putPending(pending: PendingWrite): Promise<void> {
		return this.storage.put(PENDING + pending.token, pending);
	}

	async deletePending(token: string): Promise<void> {
		await this.storage.delete(PENDING + token);
	}

	getCompleted(token: string): Promise<CompletedWrite | undefined> {
		return this.storage.get<CompletedWrite>(COMPLETED + token);
	}

	async complete(completed: CompletedWrite): Promise<void> {
		// Both writes are issued without an await between them, so the Durable Object commits
		// them atomically: there is never a moment with neither or both entries.
		const recorded = this.storage.put(COMPLETED + completed.token, completed);
		const removed = this.storage.delete(PENDING + completed.token);
		await Promise.all([recorded, removed]);
	}
}
