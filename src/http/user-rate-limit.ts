/**
 * The per-user request limit on /mcp and /api/v1 (Workers Rate Limiting binding MCP_USER_RATE_LIMIT,
 * configured in wrangler.toml). It protects the server and every tenant's shared Hostaway
 * budget from one runaway client; the count is per user (an OAuth person or an API key), so
 * one person's loop does not lock out colleagues on the same Hostaway account.
 *
 * The binding counts per Cloudflare location and is eventually consistent: a limit against
 * abuse, not an exact quota.
 */

/**
 * The binding's period in seconds, which is also how long a refused client is told to wait
 * (the window has at most that long left). Must equal `period` of MCP_USER_RATE_LIMIT in
 * wrangler.toml (checked by test/http/user-rate-limit-config.unit.test.ts).
 */
export const MCP_USER_RATE_LIMIT_PERIOD_SECONDS = 60;

/** Requests per user and period; must equal `limit` in wrangler.toml (checked by the same test). */
export const MCP_USER_RATE_LIMIT_REQUESTS = 600;

/** A 429 with Retry-After and a JSON-RPC error body when `userKey` is over its limit; otherwise undefined. */
export async function userRateLimited(env: Pick<Env, "MCP_USER_RATE_LIMIT">, userKey: string): Promise<Response | undefined> {
	if (!(await userOverLimit(env, userKey))) return undefined;
	const retryAfter = MCP_USER_RATE_LIMIT_PERIOD_SECONDS;
	return Response.json(
		{
			jsonrpc: "2.0",
			error: {
				code: -32000,
				message: `Too many requests: at most ${MCP_USER_RATE_LIMIT_REQUESTS} per ${MCP_USER_RATE_LIMIT_PERIOD_SECONDS} s per user; retry after ${retryAfter} s.`,
			},
			id: null,
		},
		{ status: 429, headers: { "Retry-After": String(retryAfter) } },
	);
}

/** Counts one request of `userKey` and tells whether it is over the limit (REST answers it in its own shape). */
export async function userOverLimit(env: Pick<Env, "MCP_USER_RATE_LIMIT">, userKey: string): Promise<boolean> {
	const { success } = await env.MCP_USER_RATE_LIMIT.limit({ key: userKey });
	return !success;
}
