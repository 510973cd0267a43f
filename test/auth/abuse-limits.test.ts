/**
 * Abuse limits on /mcp: a per-user request limit answered 429 with Retry-After (the Workers
 * Rate Limiting binding, simulated by the local runtime), and a request body cap.
 */
import { describe, expect, it } from "vitest";
import { MCP_MAX_BODY_BYTES } from "../../src/http/mcp-route";
import { MCP_USER_RATE_LIMIT_PERIOD_SECONDS, MCP_USER_RATE_LIMIT_REQUESTS } from "../../src/http/user-rate-limit";
import { TEST_API_KEYS, testApiKey } from "../helpers/api-keys";
import { WORKER_ORIGIN, workerFetch } from "../helpers/mcp-client";

const probeKey = TEST_API_KEYS.find((key) => key.id === "rate-limit-probe")!.key;

/** A cheap authenticated request: it passes the provider and the limit, then McpAgent refuses it (no session). */
const probe = (key: string) =>
	workerFetch(`${WORKER_ORIGIN}/mcp`, { method: "GET", headers: { "X-API-Key": key, Accept: "text/event-stream" } });

describe("the per-user request limit", () => {
	it("answers 429 with Retry-After once a user has spent it, and leaves other users alone", async () => {
		// The local runtime counts in windows aligned to the clock, so a window may end during the
		// run: keep going until the limit is met, counting what was accepted in the window that ended it.
		let acceptedInWindow = 0;
		let refused: Response | undefined;
		for (let sent = 0; sent < 3 * MCP_USER_RATE_LIMIT_REQUESTS && !refused; sent += 50) {
			const answers = await Promise.all(Array.from({ length: 50 }, () => probe(probeKey)));
			for (const answer of answers) {
				if (answer.status === 429) refused ??= answer;
				else acceptedInWindow++;
			}
		}
		expect(refused, "the limit was never met").toBeDefined();
		expect(refused!.headers.get("Retry-After")).toBe(String(MCP_USER_RATE_LIMIT_PERIOD_SECONDS));
		expect(await refused!.text()).toContain("Too many requests");
		expect(acceptedInWindow).toBeGreaterThanOrEqual(MCP_USER_RATE_LIMIT_REQUESTS);
		expect((await probe(testApiKey("100002", "read"))).status).not.toBe(429);
	}, 90_000);
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
