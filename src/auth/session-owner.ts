/**
 * Who opened each MCP session, kept apart from the session itself.
 *
 * McpAgent.serve hands the caller's props to the session's Durable Object on every request and
 * stores them there, even for a session id nobody opened, and the agent sets up its storage the
 * moment the object starts. So ownership is checked before a request reaches the session.
 *
 * The owners live in a fixed set of shard objects (SESSION_OWNER_SHARDS, chosen by a hash of the
 * session id), not in one object per session: a Durable Object that is merely asked about an id
 * already exists on disk, so an object per id would let anyone create stored objects by sending
 * random session ids. A shard row is written once, when the client initializes its session, and
 * deleted when the session ends or expires.
 */
import { DurableObject } from "cloudflare:workers";
import { sha256Hex } from "../crypto/sha256";
import type { SessionProps } from "./session-props";

/** Enough shards that no shard's request rate matters; their number may only grow with a migration of rows. */
const SESSION_OWNER_SHARDS = 256;

/** The props a session is bound to, as one comparable string (identifiers only). */
export function ownerFingerprint(props: SessionProps): string {
	return JSON.stringify([props.via, props.credentialRef, props.tenantId, props.access, props.userId, props.clientId]);
}

export type SessionOwnership = "owner" | "other" | "unknown";

export class SessionOwners extends DurableObject<Env> {
	constructor(ctx: DurableObjectState, env: Env) {
		super(ctx, env);
		ctx.storage.sql.exec(
			"CREATE TABLE IF NOT EXISTS owners (session_id TEXT PRIMARY KEY, fingerprint TEXT NOT NULL, claimed_at INTEGER NOT NULL)",
		);
	}

	/** Binds a newly initialized session to its owner; false when it already belongs to another. */
	async claim(sessionId: string, fingerprint: string): Promise<boolean> {
		const current = this.fingerprintOf(sessionId);
		if (current !== undefined) return current === fingerprint;
		this.ctx.storage.sql.exec(
			"INSERT INTO owners (session_id, fingerprint, claimed_at) VALUES (?, ?, ?)",
			sessionId,
			fingerprint,
			Date.now(),
		);
		return true;
	}

	/** Reads only: a session id nobody claimed leaves no trace. */
	async ownership(sessionId: string, fingerprint: string): Promise<SessionOwnership> {
		const current = this.fingerprintOf(sessionId);
		if (current === undefined) return "unknown";
		return current === fingerprint ? "owner" : "other";
	}

	/** The session ended (terminated by its client or expired): its id is unknown from now on. */
	async forget(sessionId: string): Promise<void> {
		this.ctx.storage.sql.exec("DELETE FROM owners WHERE session_id = ?", sessionId);
	}

	private fingerprintOf(sessionId: string): string | undefined {
		const row = this.ctx.storage.sql
			.exec<{ fingerprint: string }>("SELECT fingerprint FROM owners WHERE session_id = ?", sessionId)
			.toArray()[0];
		return row?.fingerprint;
	}
}

/**
 * How long this isolate trusts an ownership it has confirmed. Every request of a session asks
 * first; without this, each one paid a round trip to a shard. A session's owner never changes
 * (its id is random and claimed once), so the only staleness is a session ended elsewhere in the
 * last minute: its owner's request then reaches McpAgent, which answers "Session not found".
 */
const CONFIRMED_OWNER_TTL_MS = 60 * 1000;
/** Far more sessions than an isolate serves in a minute; the oldest confirmations go first. */
const MAX_CONFIRMED_OWNERS = 10_000;

/** Ownerships confirmed in this isolate, by session id; Map order is the order of confirmation. */
const confirmedOwners = new Map<string, { fingerprint: string; trustedUntil: number }>();

function confirm(sessionId: string, fingerprint: string): void {
	confirmedOwners.delete(sessionId);
	confirmedOwners.set(sessionId, { fingerprint, trustedUntil: Date.now() + CONFIRMED_OWNER_TTL_MS });
	if (confirmedOwners.size > MAX_CONFIRMED_OWNERS) {
		const oldest = confirmedOwners.keys().next().value;
		if (oldest !== undefined) confirmedOwners.delete(oldest);
	}
}

function isConfirmed(sessionId: string, fingerprint: string): boolean {
	const confirmed = confirmedOwners.get(sessionId);
	if (!confirmed || confirmed.fingerprint !== fingerprint) return false;
	if (confirmed.trustedUntil > Date.now()) return true;
	confirmedOwners.delete(sessionId);
	return false;
}

/**
 * The owner registry as the rest of the Worker uses it: one session id at a time. Only "owner"
 * answers are remembered in the isolate: a foreign or unknown id is always asked of its shard.
 */
export function sessionOwners(env: Pick<Env, "SESSION_OWNERS">) {
	const shardOf = async (sessionId: string) => {
		const shard = Number.parseInt((await sha256Hex(sessionId)).slice(0, 8), 16) % SESSION_OWNER_SHARDS;
		return env.SESSION_OWNERS.get(env.SESSION_OWNERS.idFromName(`shard:${shard}`));
	};
	return {
		claim: async (sessionId: string, fingerprint: string) => {
			const claimed = await (await shardOf(sessionId)).claim(sessionId, fingerprint);
			if (claimed) confirm(sessionId, fingerprint);
			return claimed;
		},
		ownership: async (sessionId: string, fingerprint: string): Promise<SessionOwnership> => {
			if (isConfirmed(sessionId, fingerprint)) return "owner";
			const ownership = await (await shardOf(sessionId)).ownership(sessionId, fingerprint);
			if (ownership === "owner") confirm(sessionId, fingerprint);
			return ownership;
		},
		forget: async (sessionId: string) => {
			confirmedOwners.delete(sessionId);
			await (await shardOf(sessionId)).forget(sessionId);
		},
	};
}
