/**
 * The write ledger (src/operations/confirmation.ts) kept in the MCP session's Durable Object
 * storage: pending confirmations and completed writes, under prefixed keys. It lives as long
 * as the session; the session's idle alarm deletes it with everything else.
 *
 * A completed write's result is kept for replay and can hold guest data (names, a message
 * body), so it is stored sealed with the server's encryption key (ARCHITECTURE.md invariant 3),
 * bound to its token. Pending entries hold only hashes, times and states.
 */
import type { Sealer } from "../crypto/sealer";
import type { CompletedWrite, PendingWrite, WriteLedger } from "../operations/confirmation";

const PENDING = "write:pending:";
const COMPLETED = "write:done:";

/** A completed write as stored: the result sealed. */
interface StoredCompletedWrite extends Omit<CompletedWrite, "result"> {
	sealedResult: string;
}

export class SessionWriteLedger implements WriteLedger {
	/**
	 * @param sealer Called when a result is sealed or opened; throws a ConfigError naming
	 * ENCRYPTION_KEY when none is configured, so a write is refused before it is sent.
	 */
	constructor(
		private readonly storage: DurableObjectStorage,
		private readonly sealer: () => Sealer,
	) {}

	getPending(token: string): Promise<PendingWrite | undefined> {
		return this.storage.get<PendingWrite>(PENDING + token);
	}

	putPending(pending: PendingWrite): Promise<void> {
		// Before a write starts: without an encryption key its result could not be kept, and a
		// write whose result is lost would end "unknown" although it happened. Refuse it here.
		if (pending.state === "executing") this.sealer();
		return this.storage.put(PENDING + pending.token, pending);
	}

	async deletePending(token: string): Promise<void> {
		await this.storage.delete(PENDING + token);
	}

	async getCompleted(token: string): Promise<CompletedWrite | undefined> {
		const stored = await this.storage.get<StoredCompletedWrite>(COMPLETED + token);
		if (!stored) return undefined;
		const { sealedResult, ...rest } = stored;
		const opened = await this.sealer().open(sealedResult, resultContext(token));
		return { ...rest, result: opened === undefined ? undefined : (JSON.parse(opened) as unknown) };
	}

	async complete(completed: CompletedWrite): Promise<void> {
		const { result, ...rest } = completed;
		const stored: StoredCompletedWrite = {
			...rest,
			sealedResult: await this.sealer().seal(JSON.stringify(result ?? null), resultContext(completed.token)),
		};
		// Both writes are issued without an await between them, so the Durable Object commits
		// them atomically: there is never a moment with neither or both entries.
		const recorded = this.storage.put(COMPLETED + completed.token, stored);
		const removed = this.storage.delete(PENDING + completed.token);
		await Promise.all([recorded, removed]);
	}
}

/** Binds a sealed result to its token: copied under another token, it does not open. */
function resultContext(token: string): string {
	return `write-result:${token}`;
}
