/**
 * Access events for the audit trail (src/audit): sign-in, refused sign-in, key use, denied
 * access level, revoked grant. Described by the caller's props or, before there are props, by
 * what is known of the caller. Recording never fails the request it describes.
 */
import { recordAudit } from "../audit/audit-trail";
import type { SessionProps } from "./session-props";

export type AccessEventKind = "sign_in" | "sign_in_refused" | "key_use" | "access_denied" | "grant_revoked";

export interface AccessEvent {
	kind: AccessEventKind;
	/**
	 * The tenant it concerns. Undefined keeps the event to the log line: a refused sign-in for an
	 * account nobody connected must not create an audit store for whatever number was typed.
	 */
	tenantId: string | undefined;
	who: Pick<SessionProps, "userId" | "clientId" | "clientName" | "via">;
	outcome: "ok" | "refused" | "denied";
	/** A short reason, never a secret ("Hostaway refused the credentials"). */
	reason?: string;
	tool?: string;
}

export async function recordAccessEvent(env: Pick<Env, "AUDIT_LOG">, event: AccessEvent): Promise<void> {
	const { userId, clientId, clientName, via } = event.who;
	await recordAudit(env, {
		kind: event.kind,
		tenantId: event.tenantId,
		userId,
		clientId,
		clientName,
		via,
		outcome: event.outcome,
		reason: event.reason,
		tool: event.tool,
	});
}
