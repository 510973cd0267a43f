/**
 * Access events for the audit trail (sign-in, refused sign-in, key use, denied access level,
 * revoked grant), described by the caller's props or, before there are props, by what is known.
 */
import type { SessionProps } from "./session-props";

export type AccessEventKind = "sign_in" | "sign_in_refused" | "key_use" | "access_denied" | "grant_revoked";

export interface AccessEvent {
	kind: AccessEventKind;
	tenantId: string;
	who: Pick<SessionProps, "userId" | "clientId" | "clientName" | "via">;
	outcome: "ok" | "refused" | "denied";
	/** A short reason, never a secret ("wrong credentials", "write tool with read access: create_booking"). */
	reason?: string;
	tool?: string;
}

export async function recordAccessEvent(env: Env, event: AccessEvent): Promise<void> {
	// Connected to the audit trail (src/audit) once it exists; a log line meanwhile.
	console.log(JSON.stringify({ type: "audit", at: new Date().toISOString(), ...event }));
	void env;
}
