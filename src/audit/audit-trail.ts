/**
 * The audit trail's API for the rest of the server.
 *
 * recordAudit writes one structured JSON log line per event (Workers Logs keep them), and for
 * every kind except tool calls also appends the event to its tenant's durable AuditLog, which
 * get_audit_log reads. Recording never fails the caller: an event that does not validate, or a
 * durable append that fails, costs a warning line (kind and tenant only), never the user's call.
 */
import type { SessionAudit, SessionIdentity } from "../operations/operation";
import { type AuditActor, type AuditEvent, type AuditEventInput, AuditEventSchema, type AuditPage, type AuditQuery } from "./audit-event";
import { auditLogStub } from "./audit-log";

/** Who acted, as an audit event names them, from a session's identity. */
export function auditActor(identity: SessionIdentity): AuditActor {
	return {
		tenantId: identity.accountId,
		userId: identity.userId,
		clientId: identity.clientId,
		clientName: identity.clientName,
		via: identity.via,
	};
}

/** The log line for an event: one JSON object, marked `"type":"audit"`. */
export function auditLogLine(event: AuditEvent): string {
	return JSON.stringify({ type: "audit", ...event });
}

/**
 * Records one event: a JSON log line always; durably in the tenant's AuditLog unless it is a tool
 * call or names no tenant. Resolves once stored (await it, or hand it to waitUntil); never rejects.
 */
export async function recordAudit(env: Pick<Env, "AUDIT_LOG">, input: AuditEventInput): Promise<void> {
	const parsed = AuditEventSchema.safeParse(input);
	if (!parsed.success) {
		// Only the names of the bad fields: their values might be anything.
		const fields = [...new Set(parsed.error.issues.map((issue) => issue.path.join(".")))];
		console.warn(JSON.stringify({ type: "audit_rejected", kind: String(input.kind), fields }));
		return;
	}
	const event = parsed.data;
	console.log(auditLogLine(event));
	if (event.kind === "tool_call" || event.tenantId === undefined) return;
	try {
		await auditLogStub(env, event.tenantId).append(event);
	} catch {
		console.warn(JSON.stringify({ type: "audit_store_failed", kind: event.kind, tenantId: event.tenantId, at: event.at }));
	}
}

/** A tenant's stored events (writes and access events), newest first. */
export async function readAuditLog(env: Pick<Env, "AUDIT_LOG">, tenantId: string, query: AuditQuery): Promise<AuditPage> {
	return auditLogStub(env, tenantId).list(query);
}

/** The audit port of an operation context: bound to the session, so it records as and reads for its tenant only. */
export function sessionAudit(env: Pick<Env, "AUDIT_LOG">, identity: SessionIdentity): SessionAudit {
	const actor = auditActor(identity);
	return {
		record: (details) => recordAudit(env, { ...details, ...actor }),
		read: async (query) => (actor.tenantId === undefined ? { events: [], hasMore: false } : readAuditLog(env, actor.tenantId, query)),
	};
}
