/**
 * The sandbox's entrance: `/v1/...` is Hostaway's API, `/control/...` the control API.
 *
 * An API call goes: find the account (from the bearer token's `aud` claim, the token form's
 * `client_id`, or the token being revoked) → admission by the control instance (rate limits,
 * faults, latency) → the account's Durable Object → recorded in the log → delivered, possibly
 * broken (malformed JSON) or late (hang) when a fault says so. Server errors and 429 storms
 * are answered before the account sees the call; malformed and hanging answers happen after
 * it was processed, as when a response is lost on the way back.
 */
import { findAccount } from "./accounts";
import { bearerToken, readClaims } from "./api/access-token";
import type { ApiCall } from "./api/context";
import { matchRoute, type RouteMatch } from "./api/routes";
import { handleControlRequest } from "./control/routes";
import { jsonReply, type RawReply } from "./control/state";
import type { SandboxEnv } from "./durable-object";
import { accountStub, controlStub } from "./stubs";
import { fail } from "./wire/replies";

export async function handleSandboxRequest(request: Request, env: SandboxEnv, clientIp: string): Promise<Response> {
	const url = new URL(request.url);
	if (url.pathname.startsWith("/v1/")) return handleApiRequest(request, url, env, clientIp);
	if (url.pathname.startsWith("/control/")) return handleControlRequest(request, env);
	return new Response(JSON.stringify({ error: `Not found: ${url.pathname} is not a sandbox path` }), {
		status: 404,
		headers: { "Content-Type": "application/json" },
	});
}

/** The account a call is for, as far as the request says; null when it names none we know. */
function accountOf(route: RouteMatch | null, url: URL, request: Request, bodyText: string | null): string | null {
	let accountId: string | null | undefined;
	if (route?.name === "issueToken") accountId = new URLSearchParams(bodyText ?? "").get("client_id");
	else if (route?.name === "revokeToken") accountId = readClaims(url.searchParams.get("token") ?? "")?.aud;
	else accountId = readClaims(bearerToken(request.headers.get("Authorization")) ?? "")?.aud;
	return accountId && findAccount(accountId) ? accountId : null;
}

/** Query parameters for the log, with the token to revoke redacted. */
function loggedQuery(url: URL): Record<string, string> {
	const query: Record<string, string> = {};
	for (const [key, value] of url.searchParams) query[key] = key === "token" ? "[redacted]" : value;
	return query;
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
	if (ms <= 0) return Promise.resolve();
	return new Promise((resolve, reject) => {
		if (signal.aborted) return reject(signal.reason);
		const timer = setTimeout(() => {
			signal.removeEventListener("abort", onAbort);
			resolve();
		}, ms);
		const onAbort = () => {
			clearTimeout(timer);
			reject(signal.reason);
		};
		signal.addEventListener("abort", onAbort, { once: true });
	});
}

async function handleApiRequest(request: Request, url: URL, env: SandboxEnv, clientIp: string): Promise<Response> {
	const path = url.pathname.slice("/v1".length);
	const route = matchRoute(request.method, path);
	// Decoded by hand: workerd warns when .text() reads a form-encoded body.
	const bodyText = request.method === "GET" || request.method === "HEAD" ? null : new TextDecoder().decode(await request.arrayBuffer());
	const accountId = accountOf(route, url, request, bodyText);
	const query = loggedQuery(url);
	const routeKey = route?.key ?? `${request.method} (unknown endpoint)`;
	const control = controlStub(env);

	const admission = await control.admit({ ip: clientIp, accountId, method: request.method, path, query, routeKey });
	if (admission.outcome === "answered") return toResponse(admission.reply);
	await sleep(admission.delayMs, request.signal);

	let reply: RawReply;
	if (accountId === null) {
		reply = jsonReply(unattributedFailure(route, request));
	} else {
		const call: ApiCall = {
			accountId,
			method: request.method,
			path,
			query: [...url.searchParams],
			authorization: request.headers.get("Authorization"),
			contentType: request.headers.get("Content-Type"),
			bodyText,
			route,
		};
		reply = jsonReply(await accountStub(env, accountId).api(call));
	}
	if (admission.malformed) reply = { ...reply, text: reply.text.slice(0, Math.max(1, Math.floor(reply.text.length / 2))) };

	await control.record(
		{ method: request.method, path: url.pathname, query, accountId, status: reply.status, receivedAt: admission.receivedAt },
		routeKey,
	);
	if (admission.hangMs !== null) await sleep(admission.hangMs, request.signal);
	return toResponse(reply);
}

/** The answer to a call that names no sandbox account: bad token form, bad credentials or no valid token. */
function unattributedFailure(route: RouteMatch | null, request: Request) {
	if (route?.name !== "issueToken") return fail(403, "Unauthorized: send a valid access token as Authorization: Bearer <token>");
	if (!(request.headers.get("Content-Type") ?? "").toLowerCase().includes("application/x-www-form-urlencoded")) {
		return fail(400, "the token request must be form-encoded (Content-Type: application/x-www-form-urlencoded)");
	}
	return fail(401, "Client authentication failed");
}

function toResponse(reply: RawReply): Response {
	return new Response(reply.text, { status: reply.status, headers: { ...reply.headers, "Content-Type": reply.contentType } });
}
