/**
 * The write ledger (src/operations/confirmation.ts) of one REST write: the adapter previews and
 * confirms within the request, so the confirmation lives only as long as the request. What
 * keeps the write from running twice across requests is the Idempotency-Key record
 * (idempotency-records.ts), claimed before the preview and settled after the confirmation.
 */
import type { CompletedWrite, PendingWrite, WriteLedger } from "../operations/confirmation";

export class RequestWriteLedger implements WriteLedger {
	private readonly pending = new Map<string, PendingWrite>();
	private readonly completed = new Map<string, CompletedWrite>();

	async getPending(token: string): Promise<PendingWrite | undefined> {
		return this.pending.get(token);
	}

	async putPending(pending: PendingWrite): Promise<void> {
		this.pending.set(pending.token, pending);
	}

	async deletePending(token: string): Promise<void> {
		this.pending.delete(token);
	}

	async getCompleted(token: string): Promise<CompletedWrite | undefined> {
		return this.completed.get(token);
	}

	async complete(completed: CompletedWrite): Promise<void> {
		this.completed.set(completed.token, completed);
		this.pending.delete(completed.token);
	}
}
