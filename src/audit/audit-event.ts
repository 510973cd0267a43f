/**
 * One audit event: who did what, when, through which client, and how it ended. Tool calls
 * (logged only) and, kept durably per tenant, writes and access events (sign-in, refused
 * sign-in, key use, denied access, revoked grant).
 *
 * An event holds identifiers, counts and short texts this server writes itself, never a
 * secret (API key, token, password), never a message body, never guest data (names, e-mail,
 * phone). A write's `change` names what changed by ids and field names only. Free texts are
 * clipped rather than refused: an event is never lost because a client's name is long.
 */
import { z } from "zod";

export const AUDIT_KINDS = ["tool_call", "write", "sign_in", "sign_in_refused", "key_use", "access_denied", "grant_revoked"] as const;
export type AuditKind = (typeof AUDIT_KINDS)[number];

/** Kinds about getting in (or being kept out), as opposed to tool calls and writes. */
export const ACCESS_KINDS: readonly AuditKind[] = ["sign_in", "sign_in_refused", "key_use", "access_denied", "grant_revoked"];

/**
 * ok: done; error: the call failed; unknown: a write was sent but whether it happened is not known;
 * refused: a sign-in or key was not accepted; denied: an access level did not allow the action.
 */
export const AUDIT_OUTCOMES = ["ok", "error", "unknown", "refused", "denied"] as const;
export type AuditOutcome = (typeof AUDIT_OUTCOMES)[number];

/** A string clipped to `max` characters (with "…"), so a long value shortens the event instead of losing it. */
function clippedText(max: number) {
	return z.string().transform((text) => (text.length > max ? `${text.slice(0, max - 1)}…` : text));
}

const count = z.number().int().min(0).max(1_000_000_000);

export const AuditEventSchema = z.object({
	/** When it happened (real clock, UTC). Filled with the current time when left out. */
	at: z.iso.datetime({ offset: false }).default(() => new Date().toISOString()),
	/** The Hostaway account (canonical digits). Absent only when the caller named no valid tenant (a refused sign-in). */
	tenantId: z
		.string()
		.regex(/^[1-9]\d{0,11}$/, { error: "must be a canonical Hostaway account id" })
		.optional(),
	kind: z.enum(AUDIT_KINDS),
	/** The person: a per-person id from sign-in, `key:<id>`, `local-dev`, or `unknown`. */
	userId: clippedText(128),
	/** The OAuth client id, `api-key:<id>`, `local-dev`, or `unknown`. */
	clientId: clippedText(256),
	/** The client's registered name (chosen by whoever registered it: untrusted text). */
	clientName: clippedText(100),
	via: z.enum(["oauth", "api-key", "local-dev"]),
	/** The tool called (tool calls and writes). */
	tool: clippedText(64).optional(),
	outcome: z.enum(AUDIT_OUTCOMES),
	durationMs: count.optional(),
	/** Requests this call sent to Hostaway. */
	upstreamCalls: count.optional(),
	/** Answers this call took from the response cache. */
	cacheHits: count.optional(),
	/** For writes: what changed, by ids and field names only ("reservation 41000123: arrivalDate changed"). */
	change: clippedText(300).optional(),
	/** Why something was refused or failed, in a few words or an error code; never a secret. */
	reason: clippedText(200).optional(),
});

/** An event as stored and logged. */
export type AuditEvent = z.output<typeof AuditEventSchema>;
/** An event as callers give it (`at` may be left out). */
export type AuditEventInput = z.input<typeof AuditEventSchema>;

/** The fields that say who acted: filled from the session (audit-trail.ts, auditActor). */
export type AuditActor = Pick<AuditEventInput, "tenantId" | "userId" | "clientId" | "clientName" | "via">;
/** An event without its actor: what a session records about itself. */
export type AuditDetails = Omit<AuditEventInput, keyof AuditActor>;

/** Which stored events to read, newest first. */
export interface AuditQuery {
	/** Only events stored before this position (a page's last event's position); the newest when left out. */
	before?: number;
	/** At most this many events (1–100). */
	limit: number;
	/** Only these kinds; all when left out. */
	kinds?: readonly AuditKind[];
}

/** A stored event with its position in the tenant's log (later events have higher positions). */
export type StoredAuditEvent = AuditEvent & { position: number };

export interface AuditPage {
	events: StoredAuditEvent[];
	/** Whether older events match too: the next page is `before` the last event's position. */
	hasMore: boolean;
}
