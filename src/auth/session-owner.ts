/**
 * Who opened each MCP session, kept apart from the session itself.
 *
 * McpAgent.serve hands the caller's props to the session's Durable Object on every request and
 * stores them there, even for a session id nobody opened, and the agent's own storage is set up
 * the moment the object starts. So ownership is checked before a request reaches the session: a
 * small object per session id, written once when the session is initialized, read (never
 * written) for every later request. An unknown or foreign session id is answered 404 and leaves
 * nothing stored.
 */
import { DurableObject } from "cloudflare:workers";
import type { SessionProps } from "./session-props";

const OWNER_KEY = "owner";

/** The props a session is bound to, as one comparable string (identifiers only). */
export function ownerFingerprint(props: SessionProps): string {
	return JSON.stringify([props.via, props.credentialRef, props.tenantId, props.access, props.userId, props.clientId]);
}

export type SessionOwnership = "owner" | "other" | "unknown";

export class McpSessionOwner extends DurableObject<Env> {
	/** Binds a newly initialized session to its owner; false when it already belongs to another. */
	async claim(fingerprint: string): Promise<boolean> {
		const current = await this.ctx.storage.get<string>(OWNER_KEY);
		if (current !== undefined) return current === fingerprint;
		await this.ctx.storage.put(OWNER_KEY, fingerprint);
		return true;
	}

	/** Reads only: a session id nobody claimed stays without storage. */
	async ownership(fingerprint: string): Promise<SessionOwnership> {
		const current = await this.ctx.storage.get<string>(OWNER_KEY);
		if (current === undefined) return "unknown";
		return current === fingerprint ? "owner" : "other";
	}

	/** The session ended (terminated by its client or expired): its id is unknown from now on. */
	async forget(): Promise<void> {
		await this.ctx.storage.deleteAll();
	}
}

export function sessionOwnerStub(env: Pick<Env, "SESSION_OWNERS">, sessionId: string) {
	return env.SESSION_OWNERS.get(env.SESSION_OWNERS.idFromName(sessionId));
}
