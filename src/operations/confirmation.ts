/**
 * Safe writes: preview, then confirm.
 *
 * A write operation is called twice. The first call (no `confirmationToken`) changes nothing:
 * it returns a preview of exactly what will change and a confirmation token, kept in the
 * MCP session's state for CONFIRMATION_TTL_MS. The second call repeats the same arguments
 * with that token and performs the write. A token acts at most once: calling again with a
 * used token returns the first result instead of writing again (a retry, a repeated tool
 * call or a reconnect never creates a second reservation or sends a second message).
 *
 * A write whose outcome is unknown (Hostaway timed out, answered 5xx, or accepted it with an
 * answer that cannot be read) is final for its token: the token is never used again, and only
 * a new preview, after checking what happened, can make the change (ARCHITECTURE.md
 * invariant 6). A token goes back to "pending" only when nothing that changes data reached
 * Hostaway, or Hostaway's answer refused the change.
 *
 * The ledger behind this is the session's storage (src/mcp/session-ledger.ts); here it is
 * an interface, so the protocol is transport-independent.
 */
import { z } from "zod";
import { sha256Hex } from "../crypto/sha256";
import { OperationError, type OperationErrorCode } from "./errors";
import { toOperationError } from "./hostaway-errors";
import type { Operation, OperationAnnotations, OperationContext } from "./operation";

export const CONFIRMATION_TTL_MS = 10 * 60 * 1000;

export interface PendingWrite {
	token: string;
	operation: string;
	/**
	 * SHA-256 of the canonical JSON of the arguments the preview was made for: enough to
	 * recognise them again, without keeping a message body or guest details in storage.
	 */
	argumentsKey: string;
	expiresAt: number;
	/** "executing" while the write is in flight; "unknown" when its outcome could not be learned. */
	state: "pending" | "executing" | "unknown";
	/** When the write started (real clock), while "executing". */
	executingSince?: number;
}

export interface CompletedWrite {
	token: string;
	operation: string;
	/** The hash of the arguments it was performed with (see PendingWrite.argumentsKey). */
	argumentsKey: string;
	/** The write's result, for replay; undefined when it can no longer be read (the encryption key changed). */
	result: unknown;
	completedAt: number;
}

/** Session-scoped storage for confirmations and completed writes. */
export interface WriteLedger {
	getPending(token: string): Promise<PendingWrite | undefined>;
	putPending(pending: PendingWrite): Promise<void>;
	deletePending(token: string): Promise<void>;
	getCompleted(token: string): Promise<CompletedWrite | undefined>;
	/** Records the result and removes the pending entry in one step. */
	complete(completed: CompletedWrite): Promise<void>;
}

/** What a preview shows: a one-paragraph summary and the exact changes, field by field. */
export const previewSchema = z.object({
	summary: z.string().describe("What will happen"),
	changes: z
		.array(z.object({ field: z.string(), from: z.unknown().optional(), to: z.unknown() }))
		.describe("Each field to write, with its current value (from) when known"),
	warnings: z.array(z.string()).describe("Check these with the user"),
});
export type WritePreview = z.infer<typeof previewSchema>;

export interface WriteOperationDefinition<Input extends z.ZodObject, Result extends z.ZodObject> {
	name: string;
	title: string;
	description: string;
	/** The write's own arguments; `confirmationToken` is added by the protocol. */
	input: Input;
	result: Result;
	annotations: Omit<OperationAnnotations, "readOnlyHint">;
	/** Reads what is needed, validates, and describes the write. Must not change anything. */
	preview(input: z.output<Input>, context: OperationContext): Promise<WritePreview>;
	/** Performs the write. Called at most once per confirmation token. */
	execute(input: z.output<Input>, context: OperationContext): Promise<z.input<Result>>;
	renderResult(result: z.output<Result>): string;
	/**
	 * For the audit trail: what the write changed (`result` given) or tried to change (`result`
	 * undefined: outcome unknown), by ids and field names only; see Operation.auditChange.
	 */
	auditChange(input: z.output<Input>, result: z.output<Result> | undefined): string;
}

const CONFIRMATION_TOKEN_FIELD = "confirmationToken";

/** Turns a write definition into an operation that speaks the preview/confirm protocol. */
export function defineWriteOperation<Input extends z.ZodObject, Result extends z.ZodObject>(
	definition: WriteOperationDefinition<Input, Result>,
) {
	const input = definition.input.extend({
		[CONFIRMATION_TOKEN_FIELD]: z.string().optional().describe("The preview's token, to write; leave out to preview"),
	});
	const output = z.object({
		status: z.enum(["preview", "done"]),
		preview: previewSchema.optional(),
		confirmationToken: z.string().optional(),
		expiresAt: z.string().optional().describe("Token expiry (UTC)"),
		replayed: z.boolean().optional(),
		result: definition.result.optional(),
	});
	type Output = z.output<typeof output>;

	const operation: Operation<typeof input, typeof output> = {
		name: definition.name,
		title: definition.title,
		description: `${definition.description}\n\nSafe write (see instructions): previews first; once the user agrees, repeat with its confirmationToken (${CONFIRMATION_TTL_MS / 60_000} minutes, once).`,
		input,
		output,
		annotations: { ...definition.annotations, readOnlyHint: false },
		async handler(args, context) {
			const { [CONFIRMATION_TOKEN_FIELD]: token, ...rest } = args as Record<string, unknown>;
			const writeArgs = rest as z.output<Input>;
			const ledger = requireLedger(context);
			const argumentsKey = await sha256Hex(canonicalJson(writeArgs));

			if (typeof token !== "string") {
				const preview = await definition.preview(writeArgs, context);
				const pending: PendingWrite = {
					token: newConfirmationToken(),
					operation: definition.name,
					argumentsKey,
					expiresAt: context.now.getTime() + CONFIRMATION_TTL_MS,
					state: "pending",
				};
				await ledger.putPending(pending);
				return {
					status: "preview",
					preview,
					confirmationToken: pending.token,
					expiresAt: new Date(pending.expiresAt).toISOString(),
				};
			}

			const completed = await ledger.getCompleted(token);
			if (completed) {
				if (completed.operation !== definition.name) throw tokenForOtherOperation(completed.operation);
				if (completed.argumentsKey !== argumentsKey) {
					throw new OperationError(
						"invalid_input",
						`This confirmation token was already used for a ${definition.name} with other arguments; it cannot perform a different one. Call ${definition.name} without a token to preview the new change.`,
					);
				}
				return { status: "done", replayed: true, result: completed.result as z.input<Result> };
			}
			const pending = await ledger.getPending(token);
			if (!pending) {
				throw new OperationError(
					"invalid_input",
					`Unknown confirmation token for ${definition.name}. Call ${definition.name} without a token to get a fresh preview.`,
				);
			}
			if (pending.operation !== definition.name) throw tokenForOtherOperation(pending.operation);
			if (pending.state === "executing") {
				// A write that ran longer than it possibly can was cut off (its session object was
				// evicted mid-write): nobody will learn its outcome, so it is unknown for good.
				const now = context.now.getTime();
				if (now >= (pending.executingSince ?? 0) + writeDeadlineMs(context) || now >= pending.expiresAt) {
					await ledger.putPending({ ...pending, state: "unknown" });
					throw tokenOutcomeUnknown();
				}
				throw new OperationError(
					"conflict",
					"This write is already in progress. Wait a moment, then repeat the same call to get its result.",
				);
			}
			if (pending.state === "unknown") throw tokenOutcomeUnknown();
			if (pending.expiresAt <= context.now.getTime()) {
				await ledger.deletePending(token);
				throw new OperationError(
					"invalid_input",
					`The confirmation token expired (tokens last ${CONFIRMATION_TTL_MS / 60_000} minutes). Call ${definition.name} again without a token for a fresh preview.`,
				);
			}
			if (pending.argumentsKey !== argumentsKey) {
				throw new OperationError(
					"invalid_input",
					`The arguments differ from the ones previewed for this token. Repeat the call with exactly the previewed arguments, or call ${definition.name} without a token to preview the new ones.`,
				);
			}

			const executingSince = context.now.getTime();
			await ledger.putPending({ ...pending, state: "executing", executingSince });
			// Everything from here until the ledger records the result is one guarded step: if any
			// of it fails after a change may have reached Hostaway, the token becomes "unknown".
			try {
				const result = definition.result.parse(await definition.execute(writeArgs, context));
				await ledger.complete({ token, operation: definition.name, argumentsKey, result, completedAt: context.now.getTime() });
				return { status: "done", result: result as z.input<Result> };
			} catch (error) {
				if (!mayHaveBeenApplied(error, context)) {
					await releaseIfStillOurs(ledger, pending, executingSince);
					throw error;
				}
				await ledger.putPending({ ...pending, state: "unknown", executingSince });
				throw outcomeUnknown(error, definition.name);
			}
		},
		render(output: Output) {
			if (output.status === "preview" && output.preview) {
				const lines = [`**Preview — nothing has changed yet.** ${output.preview.summary}`];
				for (const change of output.preview.changes) {
					const from = change.from === undefined ? "" : `${formatValue(change.from)} → `;
					lines.push(`- ${change.field}: ${from}${formatValue(change.to)}`);
				}
				for (const warning of output.preview.warnings) lines.push(`- ⚠ ${warning}`);
				lines.push(
					``,
					`To perform it, call \`${definition.name}\` again with the same arguments and confirmationToken \`${output.confirmationToken}\` (expires ${output.expiresAt}).`,
				);
				return lines.join("\n");
			}
			if (!output.replayed) return output.result ? definition.renderResult(output.result as z.output<Result>) : "Done.";
			if (!output.result)
				return "This write was already performed with this token; its result can no longer be shown. Read the current state instead.";
			return `This write was already performed with this token; its result:\n\n${definition.renderResult(output.result as z.output<Result>)}`;
		},
		auditChange(args, output) {
			const { [CONFIRMATION_TOKEN_FIELD]: _token, ...writeArgs } = args as Record<string, unknown>;
			return definition.auditChange(writeArgs as z.output<Input>, output?.result as z.output<Result> | undefined);
		},
	};
	return operation;
}

/**
 * The longest one write can run: its reads and the write itself, each waiting for a slot in the
 * rate budget and for Hostaway's answer. A token still "executing" after this never finishes.
 */
function writeDeadlineMs(context: OperationContext): number {
	const { rateBudget, hostawayTimeoutMs } = context.config;
	return 2 * (rateBudget.maxWaitMs + hostawayTimeoutMs);
}

/** Codes that mean Hostaway (or this server, before sending) refused the change: it did not happen. */
const REFUSED: ReadonlySet<OperationErrorCode> = new Set([
	"invalid_input",
	"not_found",
	"conflict",
	"forbidden",
	"authentication_failed",
	"rate_limited",
	"not_configured",
]);

/**
 * Whether a failed write may have changed something in Hostaway. Nothing did if no request
 * that changes data was sent during this call; something did if Hostaway accepted one; in
 * between, only an answer that refuses the change (4xx, 429) proves it did not happen.
 */
function mayHaveBeenApplied(error: unknown, context: OperationContext): boolean {
	const usage = context.usage();
	if (!usage || usage.writesSent === 0) return false;
	if (usage.writesAccepted > 0) return true;
	const mapped = toOperationError(error);
	return !(mapped instanceof OperationError && REFUSED.has(mapped.code));
}

/** Back to "pending" so the same confirmation may be tried again, unless another call already settled the token. */
async function releaseIfStillOurs(ledger: WriteLedger, pending: PendingWrite, executingSince: number): Promise<void> {
	const current = await ledger.getPending(pending.token);
	if (current?.state === "executing" && current.executingSince === executingSince) {
		await ledger.putPending({ ...pending, state: "pending", executingSince: undefined });
	}
}

/** The error a caller gets for a write that may have happened: never "try again". */
function outcomeUnknown(error: unknown, tool: string): OperationError {
	const mapped = toOperationError(error);
	if (mapped instanceof OperationError && mapped.code === "outcome_unknown") return mapped;
	const cause = mapped instanceof OperationError ? ` (${mapped.message})` : "";
	return new OperationError(
		"outcome_unknown",
		`The change was sent to Hostaway, but whether it was applied is unknown${cause}. Do not repeat it: check first ` +
			`(get_booking, search_bookings or get_message_history), then call ${tool} without a token for a fresh preview if it is still needed.`,
	);
}

function tokenOutcomeUnknown(): OperationError {
	return new OperationError(
		"outcome_unknown",
		"This confirmation was used for a write whose outcome is unknown, so it will not be sent again. Check the current state " +
			"(for example with get_booking or get_message_history); if the change is still needed, call the tool again without a token for a fresh preview.",
	);
}

function requireLedger(context: OperationContext): WriteLedger {
	if (!context.ledger) throw new OperationError("forbidden", "This session cannot perform writes (no session ledger).");
	return context.ledger;
}

function tokenForOtherOperation(operation: string): OperationError {
	return new OperationError("invalid_input", `This confirmation token belongs to ${operation}, not to this tool.`);
}

function newConfirmationToken(): string {
	const bytes = crypto.getRandomValues(new Uint8Array(12));
	return `cfm_${Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("")}`;
}

/** JSON with sorted keys and no undefined values, so equal arguments give equal strings. */
export function canonicalJson(value: unknown): string {
	return JSON.stringify(value, (_key, inner: unknown) => {
		if (inner && typeof inner === "object" && !Array.isArray(inner)) {
			return Object.fromEntries(
				Object.entries(inner as Record<string, unknown>)
					.filter(([, v]) => v !== undefined)
					.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
			);
		}
		return inner;
	});
}

function formatValue(value: unknown): string {
	if (value === null || value === undefined || value === "") return "(empty)";
	if (typeof value === "string") return value;
	return JSON.stringify(value);
}
