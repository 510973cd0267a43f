/**
 * Serves one REST route: authenticates the API key, applies the per-user request limit and the
 * key's access level, reads and validates the input with the operation's own schema, and runs
 * the operation the way an MCP tool call runs it (src/wiring/run-operation.ts executeOperation:
 * output checked against the output schema, secrets redacted), with the same context, the same
 * tenant credentials and the same audit trail. A success answers the tool's structured content.
 *
 * Writes need an Idempotency-Key and no preview step: the adapter previews and confirms within
 * the request (src/operations/confirmation.ts, with a ledger that lives as long as the request),
 * under the key's record (idempotency.ts), so "an unknown outcome is final" holds for the key.
 */
import type { Context } from "hono";
import { recordAccessEvent } from "../auth/access-events";
import { type SessionProps, sessionIdentity } from "../auth/session-props";
import { credentialsForTenant } from "../auth/tenant-credentials";
import { getConfig, requireEncryptionKey } from "../config";
import { canonicalJson } from "../operations/confirmation";
import { sha256Hex } from "../crypto/sha256";
import { Sealer } from "../crypto/sealer";
import { isWriteOperation, type OperationContext } from "../operations/operation";
import type { AnyOperation } from "../operations/registry";
import { auditToolCall } from "../wiring/audit-calls";
import { executeOperation, type OperationRun } from "../wiring/run-operation";
import { readBodyWithin } from "../http/request-body";
import { MCP_USER_RATE_LIMIT_PERIOD_SECONDS, MCP_USER_RATE_LIMIT_REQUESTS, userOverLimit } from "../http/user-rate-limit";
import { createOperationContext } from "../wiring/operation-context";
import { apiKeyCaller } from "./authenticate";
import { errorHeaders, restError, type RestErrorCode, statusOf } from "./errors";
import { runIdempotently, staleAfterMs, type WriteAnswer } from "./idempotency";
import { IDEMPOTENCY_KEY_HEADER, validIdempotencyKey } from "./idempotency-key";
import { RequestWriteLedger } from "./request-ledger";
import { restInput } from "./request-input";
import type { RestRoute } from "./routes";

/** Far above any REST body this server takes (the longest is a guest message). */
export const REST_MAX_BODY_BYTES = 256 * 1024;

type RestContext = Context<{ Bindings: Env }>;

/** The handler of one route. A configuration error (no ENCRYPTION_KEY for a write) is answered by the app's onError. */
export function routeHandler(route: RestRoute, operation: AnyOperation) {
	return (c: RestContext): Promise<Response> => serve(c, route, operation);
}

async function serve(c: RestContext, route: RestRoute, operation: AnyOperation): Promise<Response> {
	const startedAt = Date.now();
	const config = getConfig(c.env);
	const props = await apiKeyCaller(c.req.raw, config);
	if (!props) {
		const answer = restError("unauthorized", "An API key is required: send it as `Authorization: Bearer <key>` or `X-API-Key: <key>`.");
		answer.headers.set("WWW-Authenticate", 'Bearer realm="hostaway-mcp"');
		return answer;
	}
	if (await userOverLimit(c.env, props.userId)) {
		return restError(
			"rate_limited",
			`Too many requests: at most ${MCP_USER_RATE_LIMIT_REQUESTS} per ${MCP_USER_RATE_LIMIT_PERIOD_SECONDS} s per user (REST and MCP together).`,
			{ retryAfterSeconds: MCP_USER_RATE_LIMIT_PERIOD_SECONDS },
		);
	}
	const write = isWriteOperation(operation);
	if (write && props.access !== "write") return refuseReadOnly(c.env, props, operation);

	let body: unknown;
	if (route.method !== "get") {
		const read = await readBodyWithin(c.req.raw, REST_MAX_BODY_BYTES);
		if (!read.ok) return restError("payload_too_large", `The request body is larger than ${REST_MAX_BODY_BYTES} bytes.`);
		const text = read.text();
		try {
			body = text.trim() === "" ? undefined : (JSON.parse(text) as unknown);
		} catch {
			return restError("invalid_input", "The request body is not valid JSON.");
		}
	}
	const parsed = restInput(operation, route, { query: new URL(c.req.url).searchParams, params: c.req.param(), body });
	if (!parsed.ok) return restError("invalid_input", parsed.problem.message, { field: parsed.problem.field });

	const session = sessionIdentity(props);
	const credentials = await credentialsForTenant(c.env, config, props.tenantId);
	const contextFor = (ledger?: RequestWriteLedger) => createOperationContext(c.env, config, session, ledger, credentials);

	if (!write) {
		const context = contextFor();
		const run = await executeOperation(operation, parsed.input, context);
		await auditToolCall(operation, parsed.input, run, context, Date.now() - startedAt);
		const answer = answerOf(run);
		return Response.json(answer.body, { status: answer.status, headers: answer.headers });
	}

	const key = c.req.header(IDEMPOTENCY_KEY_HEADER);
	if (!validIdempotencyKey(key)) {
		return restError(
			"idempotency_key_required",
			`Writes need an ${IDEMPOTENCY_KEY_HEADER} header (a unique value per intended change, such as a UUID; at most 255 printable characters). Repeating a request with the same key never performs the change twice.`,
			{ field: IDEMPOTENCY_KEY_HEADER },
		);
	}
	const sealer = new Sealer(requireEncryptionKey(config));
	const fingerprint = await sha256Hex(canonicalJson({ operation: operation.name, input: parsed.input }));
	return runIdempotently(c.env, sealer, { tenantId: props.tenantId, callerId: props.userId, key, fingerprint }, staleAfterMs(config), () =>
		previewAndConfirm(operation, parsed.input, contextFor, startedAt),
	);
}

/**
 * The write's two steps in one request: the preview (which checks everything and changes
 * nothing), then the confirmation with its token. Only the step that answers is audited: the
 * confirmation, or the preview when it refused the write.
 */
async function previewAndConfirm(
	operation: AnyOperation,
	input: Record<string, unknown>,
	contextFor: (ledger: RequestWriteLedger) => OperationContext,
	startedAt: number,
): Promise<WriteAnswer> {
	const ledger = new RequestWriteLedger();
	const previewContext = contextFor(ledger);
	const preview = await executeOperation(operation, input, previewContext);
	const token = (preview.output as { confirmationToken?: unknown } | undefined)?.confirmationToken;
	if (preview.failure || typeof token !== "string") {
		await auditToolCall(operation, input, preview, previewContext, Date.now() - startedAt);
		return { ...answerOf(preview), final: false };
	}
	const confirmContext = contextFor(ledger);
	const run = await executeOperation(operation, { ...input, confirmationToken: token }, confirmContext);
	await auditToolCall(operation, input, run, confirmContext, Date.now() - startedAt);
	return { ...answerOf(run), final: !run.failure || run.failure === "outcome_unknown" };
}

/** The tool's structured content on success; otherwise the REST error for its code, with the operation's message. */
function answerOf(run: OperationRun): Omit<WriteAnswer, "final"> {
	if (!run.failure) return { status: 200, body: run.result.structuredContent };
	const code: RestErrorCode = run.failure === "read_only" ? "forbidden" : run.failure;
	const message = run.result.content.map((part) => (part.type === "text" ? part.text : "")).join("\n");
	return { status: statusOf(code), body: { error: { code, message } }, headers: errorHeaders(code, message) };
}

async function refuseReadOnly(env: Env, props: SessionProps, operation: AnyOperation): Promise<Response> {
	await recordAccessEvent(env, {
		kind: "access_denied",
		tenantId: props.tenantId,
		who: props,
		outcome: "denied",
		tool: operation.name,
		reason: "write route with read-only access",
	});
	return restError("forbidden", `${operation.name} changes data, and this API key has read-only access.`);
}
