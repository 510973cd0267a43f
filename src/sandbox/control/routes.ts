/**
 * The control API (`/control/...`): JSON in, JSON out. It steers the sandbox for tests,
 * demos and benchmarks; it is not part of Hostaway's API and is never subject to faults or
 * rate limits.
 */
import type { z } from "zod";
import { SANDBOX_ACCOUNTS, findAccount } from "../accounts";
import { describeIssues } from "../api/context";
import type { SandboxEnv } from "../durable-object";
import { accountStub, controlStub } from "../stubs";
import { FaultSettings, GuestMessage, LatencySettings, RateLimitSettings, ResetRequest, RevokeTokensRequest } from "./schemas";

const DEFAULT_LOG_LIMIT = 100;

class ControlError extends Error {
	constructor(
		readonly status: number,
		message: string,
	) {
		super(message);
	}
}

function json(value: unknown, status = 200): Response {
	return new Response(JSON.stringify(value), { status, headers: { "Content-Type": "application/json" } });
}

async function readBody<Schema extends z.ZodType>(request: Request, schema: Schema): Promise<z.infer<Schema>> {
	const text = await request.text();
	let value: unknown = {};
	if (text.trim() !== "") {
		try {
			value = JSON.parse(text);
		} catch {
			throw new ControlError(400, "the request body must be JSON");
		}
	}
	const parsed = schema.safeParse(value);
	if (!parsed.success) throw new ControlError(400, describeIssues(parsed.error));
	return parsed.data;
}

function knownAccount(accountId: string): string {
	if (!findAccount(accountId)) {
		throw new ControlError(
			400,
			`accountId: ${accountId} is not a sandbox account (${SANDBOX_ACCOUNTS.map((a) => a.accountId).join(", ")})`,
		);
	}
	return accountId;
}

export async function handleControlRequest(request: Request, env: SandboxEnv): Promise<Response> {
	const url = new URL(request.url);
	const route = `${request.method} ${url.pathname.replace(/\/+$/, "")}`;
	const control = controlStub(env);
	try {
		switch (route) {
			case "POST /control/reset": {
				const { accountId } = await readBody(request, ResetRequest);
				const accounts = accountId === undefined ? SANDBOX_ACCOUNTS.map((a) => a.accountId) : [knownAccount(accountId)];
				await Promise.all(accounts.map((id) => accountStub(env, id).resetAccount(id)));
				await control.resetControl();
				return json({ reset: accounts });
			}
			case "PUT /control/latency":
				return json(await control.setLatency(await readBody(request, LatencySettings)));
			case "PUT /control/faults":
				return json(await control.setFaults(await readBody(request, FaultSettings)));
			case "POST /control/revoke-tokens": {
				const accountId = knownAccount((await readBody(request, RevokeTokensRequest)).accountId);
				return json({ accountId, revoked: await accountStub(env, accountId).revokeTokens(accountId) });
			}
			case "POST /control/guest-messages": {
				// Without accountId: the demo account, as the API's first account.
				const { accountId = SANDBOX_ACCOUNTS[0]?.accountId ?? "", ...message } = await readBody(request, GuestMessage);
				const account = knownAccount(accountId);
				const received = await accountStub(env, account).receiveGuestMessage(account, message);
				if (!received) throw new ControlError(404, `conversationId: ${message.conversationId} is not a conversation of account ${account}`);
				return json(received);
			}
			case "PUT /control/rate-limits": {
				const { enabled, profile } = await readBody(request, RateLimitSettings);
				return json(await control.setRateLimits(enabled, profile));
			}
			case "GET /control/settings":
				return json(await control.settings());
			case "GET /control/stats":
				return json(await control.stats());
			case "GET /control/log": {
				const raw = url.searchParams.get("limit");
				const limit = raw === null ? DEFAULT_LOG_LIMIT : Number(raw);
				if (!Number.isInteger(limit) || limit < 1) throw new ControlError(400, "limit must be a positive integer");
				return json(await control.log(limit));
			}
			case "DELETE /control/log":
				await control.clearLog();
				return json({ cleared: true });
			default:
				return json({ error: `Not found: ${route} is not a sandbox control endpoint` }, 404);
		}
	} catch (error) {
		if (error instanceof ControlError) return json({ error: error.message }, error.status);
		throw error;
	}
}
