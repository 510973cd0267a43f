/**
 * Abuse limits on /mcp: a per-user request limit answered 429 with Retry-After (the Workers
 * Rate Limiting binding, simulated by the local runtime), and a request body cap.
 */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { MCP_MAX_BODY_BYTES } from "../../src/http/mcp-route";
import { MCP_USER_RATE_LIMIT_PERIOD_SECONDS, MCP_USER_RATE_LIMIT_REQUESTS } from "../../src/http/user-rate-limit";
import { TEST_API_KEYS, testApiKey } from "../helpers/api-keys";
import { WORKER_ORIGIN, workerFetch } from "../helpers/mcp-client";

const probe = TEST_API_KEYS.find((key) => key.id === "rate-limit-probe")!;

/** A cheap authenticated request: it passes the provider and the limit, then McpAgent refuses it (no session). */
const request = (key: string) =>
	workerFetch(`${WORKER_ORIGIN}/mcp`, { method: "GET", headers: { "X-API-Key": key, Accept: "text/event-stream" } });

describe("the per-user request limit", () => {
	it("answers 429 with Retry-After once a user has spent it, and leaves other users alone", async () => {
		expect((await request(probe.key)).status).not.toBe(429);
		// The probe key's user spends the rest of the limit directly on the binding (sending hundreds
		// of requests would only be slower). The local runtime counts in windows aligned to the clock:
		// if one ends in between, the limit is spent again in the new window.
		let answer: Response | undefined;
		for (let attempt = 0; attempt < 2 && answer?.status !== 429; attempt++) {
			for (let spent = 0; spent < MCP_USER_RATE_LIMIT_REQUESTS; spent++) await env.MCP_USER_RATE_LIMIT.limit({ key: `key:${probe.id}` });
			answer = await request(probe.key);
		}
		expect(answer?.status).toBe(429);
		expect(answer?.headers.get("Retry-After")).toBe(String(MCP_USER_RATE_LIMIT_PERIOD_SECONDS));
		expect(await answer?.text()).toContain("Too many requests");
		expect((await request(testApiKey("100002", "read"))).status).not.toBe(429);
	});
});

describe("the body cap", () => {
	it("refuses a body over the cap with 413, whatever Content-Length claims", async () => {
		const huge = JSON.stringify({ jsonrpc: "2.0", id: 1, method: "tools/list", params: { padding: "x".repeat(MCP_MAX_BODY_BYTES) } });
		const response = await workerFetch(`${WORKER_ORIGIN}/mcp`, {
			method: "POST",
			headers: {
				"Content-Type": "application/json",
				Accept: "application/json, text/event-stream",
				"X-API-Key": testApiKey("100002", "read"),
			},
			body: new Blob([huge]).stream(),
			// @ts-expect-error: a streamed body; workerd needs no duplex option, the type asks for it
			duplex: "half",
		});
		expect(response.status).toBe(413);
		expect(await response.text()).toContain("Request body too large");
	});
});
