/**
 * IdempotencyRecords: one Durable Object per tenant (named after the tenant id), holding the
 * Idempotency-Key records of the tenant's REST writes. A Durable Object answers one call at a
 * time from its own storage, so two requests with the same key can never both start the write.
 *
 * A record is "in_progress" from the moment a write may start until its answer is stored;
 * "done" with the answer (sealed by the caller: it may hold guest data) for replay; a record
 * left "in_progress" past `staleAfterMs` belonged to a request that died mid-write, so its
 * outcome is unknown for good ("abandoned": the write is never started again under that key,
 * ARCHITECTURE.md invariant 6). A request whose write certainly did not happen releases its
 * record, so the same key may try again. Records are kept RECORD_TTL_MS, then deleted by alarm.
 */
import { DurableObject } from "cloudflare:workers";

export const RECORD_TTL_MS = 24 * 60 * 60 * 1000;

const PREFIX = "idem:";

interface IdempotencyRecord {
	/** Hash of the operation and its input: the same key with another request is refused. */
	fingerprint: string;
	state: "in_progress" | "done" | "abandoned";
	startedAt: number;
	expiresAt: number;
	/** The stored answer, sealed by the caller ("done" only). */
	sealedAnswer?: string;
}

export type BeginAnswer =
	| { kind: "proceed" }
	| { kind: "replay"; sealedAnswer: string }
	| { kind: "other_request" }
	| { kind: "in_progress" }
	| { kind: "abandoned" };

export class IdempotencyRecords extends DurableObject<Env> {
	/** Claims `key` for a request with `fingerprint`, or says why it may not run. */
	async begin(key: string, fingerprint: string, staleAfterMs: number): Promise<BeginAnswer> {
		const now = Date.now();
		const record = await this.ctx.storage.get<IdempotencyRecord>(PREFIX + key);
		if (record && record.expiresAt > now) {
			if (record.fingerprint !== fingerprint) return { kind: "other_request" };
			if (record.state === "done" && record.sealedAnswer !== undefined) return { kind: "replay", sealedAnswer: record.sealedAnswer };
			if (record.state === "in_progress" && now < record.startedAt + staleAfterMs) return { kind: "in_progress" };
			if (record.state !== "abandoned") await this.ctx.storage.put(PREFIX + key, { ...record, state: "abandoned" });
			return { kind: "abandoned" };
		}
		await this.ctx.storage.put(PREFIX + key, { fingerprint, state: "in_progress", startedAt: now, expiresAt: now + RECORD_TTL_MS });
		await this.scheduleCleanup(now + RECORD_TTL_MS);
		return { kind: "proceed" };
	}

	/** Stores the answer of the request that holds `key`, for replay. */
	async finish(key: string, fingerprint: string, sealedAnswer: string): Promise<void> {
		const record = await this.ctx.storage.get<IdempotencyRecord>(PREFIX + key);
		if (record?.fingerprint !== fingerprint || record.state !== "in_progress") return;
		await this.ctx.storage.put(PREFIX + key, { ...record, state: "done", sealedAnswer });
	}

	/** Frees `key` after a request whose write certainly did not happen. */
	async release(key: string, fingerprint: string): Promise<void> {
		const record = await this.ctx.storage.get<IdempotencyRecord>(PREFIX + key);
		if (record?.fingerprint === fingerprint && record.state === "in_progress") await this.ctx.storage.delete(PREFIX + key);
	}

	override async alarm(): Promise<void> {
		const now = Date.now();
		let next: number | undefined;
		const expired: string[] = [];
		for (const [key, record] of await this.ctx.storage.list<IdempotencyRecord>({ prefix: PREFIX })) {
			if (record.expiresAt <= now) expired.push(key);
			else next = Math.min(next ?? Infinity, record.expiresAt);
		}
		for (let start = 0; start < expired.length; start += 128) await this.ctx.storage.delete(expired.slice(start, start + 128));
		if (next !== undefined) await this.ctx.storage.setAlarm(next);
	}

	private async scheduleCleanup(at: number): Promise<void> {
		if ((await this.ctx.storage.getAlarm()) === null) await this.ctx.storage.setAlarm(at);
	}
}

/** The Idempotency-Key records of one tenant. */
export function idempotencyRecords(env: Pick<Env, "IDEMPOTENCY_RECORDS">, tenantId: string) {
	return env.IDEMPOTENCY_RECORDS.get(env.IDEMPOTENCY_RECORDS.idFromName(`tenant:${tenantId}`));
}
