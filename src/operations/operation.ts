/**
 * An operation is the single definition of one user-facing capability: its name, its
 * description for the model, its input and output schemas (zod), its MCP annotations and
 * its handler. Transport adapters (src/mcp, later REST) register operations; they never
 * define behaviour of their own (ARCHITECTURE.md, invariant 1).
 */
import type { z } from "zod";
import type { AuditDetails, AuditPage, AuditQuery } from "../audit/audit-event";
import type { Config } from "../config";
import type { HostawayClient, HostawayMetrics } from "../hostaway";
import type { WriteLedger } from "./confirmation";
import type { ProgressReporter } from "./progress";
import type { SecretRedactor } from "./redaction";

/** What a session may do. Read-only sessions are never offered write operations. */
export type AccessLevel = "read" | "write";

/** How a caller proved who it is: an OAuth grant, an API key, or local development without sign-in. */
export type AccessPath = "oauth" | "api-key" | "local-dev";

/**
 * Who is calling: the tenant the session is bound to, its access level, and for the audit trail
 * the person and the client. Identifiers only, never a secret.
 */
export interface SessionIdentity {
	/** The Hostaway account (tenant) the session works on, if one is connected. */
	accountId?: string;
	access: AccessLevel;
	/** The person: a per-person id from sign-in, `key:<id>` for an API key, `local-dev` without sign-in. */
	userId: string;
	/** The client: the OAuth client id, `api-key:<id>`, or `local-dev`. */
	clientId: string;
	/** The client's name as it registered (OAuth), or the key's id; for people reading the audit trail. */
	clientName: string;
	via: AccessPath;
}

/**
 * The audit trail as one session sees it (built by src/audit/audit-trail.ts, sessionAudit): it
 * records as the session's person and client, for the session's tenant, and reads only that
 * tenant's events.
 */
export interface SessionAudit {
	/** A JSON log line, and for every kind but tool calls a durable record. Never rejects. */
	record(details: AuditDetails): Promise<void>;
	/** The session tenant's stored writes and access events, newest first (none without a tenant). */
	read(query: AuditQuery): Promise<AuditPage>;
}

/** Everything a handler may use. Handlers never see the transport. */
export interface OperationContext {
	config: Config;
	session: SessionIdentity;
	/**
	 * The moment the call started on the real clock: for what measures time (expiry of
	 * confirmation tokens). Never for "today".
	 */
	now: Date;
	/**
	 * The same moment on the business calendar (src/clock.ts): every "today", relative date and
	 * message age derives from here. It is `now`, except in sandbox mode with SANDBOX_TODAY.
	 */
	businessNow: Date;
	/**
	 * When the answer is due, on the real clock (ms since the epoch): the start plus the rate
	 * budget's wait bound (HOSTAWAY_RATE_MAX_WAIT_MS, what MCP clients tolerate). No upstream
	 * request waits for its turn past it; an operation that fans out or walks pages answers with
	 * what it has by then, marked partial (partial-answers.ts), rather than being refused.
	 */
	deadline: number;
	/** The session's record of confirmations and completed writes (write operations need it). */
	ledger?: WriteLedger;
	/** Collects the secret values seen during this call; they are removed from its output. */
	redactor: SecretRedactor;
	/**
	 * The Hostaway client for the session's account, built on first use. Throws a
	 * `not_configured` OperationError when no account is connected.
	 */
	hostaway(): HostawayClient;
	/** What this call's Hostaway client did (undefined when it never needed Hostaway). For logs. */
	usage(): HostawayMetrics | undefined;
	/** The audit trail: adapters record tool calls and writes; get_audit_log reads. */
	audit: SessionAudit;
	/** For long walks: reports pages read to the caller (silent unless the client asked for progress). */
	progress: ProgressReporter;
}

export interface OperationAnnotations {
	/** The operation only reads. False makes it a write: hidden from read-only sessions. */
	readOnlyHint: boolean;
	/** The write may destroy or overwrite something (cancel, overwrite prices). */
	destructiveHint: boolean;
	/** Repeating the call with the same arguments has no further effect. */
	idempotentHint: boolean;
	/** The operation talks to a system outside this server (Hostaway). */
	openWorldHint: boolean;
}

export interface Operation<Input extends z.ZodObject = z.ZodObject, Output extends z.ZodObject = z.ZodObject> {
	/** snake_case tool name, fixed once published. */
	name: string;
	title: string;
	/** For the model: when to use it, what it returns, how it relates to other operations. */
	description: string;
	/** Use z.strictObject: a misspelt argument must be an error, not silently ignored. */
	input: Input;
	output: Output;
	annotations: OperationAnnotations;
	handler(input: z.output<Input>, context: OperationContext): Promise<z.input<Output>>;
	/** Compact Markdown for the model; structured data goes out alongside it. */
	render(output: z.output<Output>): string;
	/**
	 * Write operations: what a performed write changed, for the audit trail, by ids and field
	 * names only (never message bodies, guest names or contact fields, never secrets), e.g.
	 * "reservation 41000123: arrivalDate, departureDate changed". `output` is undefined when the
	 * write's outcome is unknown: then it names what was attempted.
	 */
	auditChange?(input: z.output<Input>, output: z.output<Output> | undefined): string;
}

/** Identity function that lets TypeScript infer an operation's input and output types. */
export function defineOperation<Input extends z.ZodObject, Output extends z.ZodObject>(
	operation: Operation<Input, Output>,
): Operation<Input, Output> {
	return operation;
}

export function isWriteOperation(operation: Pick<Operation, "annotations">): boolean {
	return !operation.annotations.readOnlyHint;
}
