/**
 * The per-user limit on /mcp (src/http/user-rate-limit.ts) against the real Rate Limiting
 * binding as Miniflare simulates it (600 per 60 s, from wrangler.toml).
 */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { MCP_USER_RATE_LIMIT_PERIOD_SECONDS, MCP_USER_RATE_LIMIT_REQUESTS, userRateLimited } from "../../src/http/user-rate-limit";

/**
 * Miniflare counts in fixed windows aligned to the clock's minutes: a run that crosses a minute
 * boundary starts counting again midway, so it is repeated once, inside one window.
 */
async function inOneWindow<T>(run: () => Promise<T>): Promise<T> {
	const window = () => Math.floor(Date.now() / (MCP_USER_RATE_LIMIT_PERIOD_SECONDS * 1000));
	const started = window();
	const result = await run();
	return window() === started ? result : run();
}

/** Spends a fresh key's whole allowance; resolves to the answers of the allowed calls and of the next one. */
async function exhaust(key: string): Promise<{ allowed: (Response | undefined)[]; next: Response | undefined }> {
	const allowed: (Response | undefined)[] = [];
	for (let call = 0; call < MCP_USER_RATE_LIMIT_REQUESTS; call++) allowed.push(await userRateLimited(env, key));
	return { allowed, next: await userRateLimited(env, key) };
}

describe("userRateLimited", () => {
	it("lets a user make the configured number of requests, then answers 429 with Retry-After and a JSON-RPC error", async () => {
		const { allowed, next, other } = await inOneWindow(async () => {
			const key = `user-${crypto.randomUUID()}`;
			const spent = await exhaust(key);
			return { ...spent, other: await userRateLimited(env, `user-${crypto.randomUUID()}`) };
		});
		expect(allowed.filter((answer) => answer !== undefined)).toEqual([]);
		expect(next?.status).toBe(429);
		expect(next?.headers.get("Retry-After")).toBe(String(MCP_USER_RATE_LIMIT_PERIOD_SECONDS));
		expect(next?.headers.get("Content-Type")).toContain("application/json");
		expect(await next?.json()).toEqual({
			jsonrpc: "2.0",
			error: { code: -32000, message: expect.stringContaining(`retry after ${MCP_USER_RATE_LIMIT_PERIOD_SECONDS} s`) },
			id: null,
		});
		// Another user is not held back by the first one's requests.
		expect(other).toBeUndefined();
	});

	it("keeps refusing the user for the rest of the window", async () => {
		const answers = await inOneWindow(async () => {
			const key = `user-${crypto.randomUUID()}`;
			await exhaust(key);
			return [await userRateLimited(env, key), await userRateLimited(env, key)];
		});
		expect(answers.map((answer) => answer?.status)).toEqual([429, 429]);
	});
});
