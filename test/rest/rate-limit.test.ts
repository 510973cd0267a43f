/**
 * REST shares the per-user request limit of /mcp (MCP_USER_RATE_LIMIT): past it, a 429 in the
 * REST error shape with Retry-After. A key of its own (test/helpers/api-keys.ts), so no other test's
 * user is limited.
 */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { MCP_USER_RATE_LIMIT_PERIOD_SECONDS, MCP_USER_RATE_LIMIT_REQUESTS } from "../../src/http/user-rate-limit";
import { REST_BASE_PATH } from "../../src/rest/routes";
import { TEST_API_KEYS, testApiKey } from "../helpers/api-keys";
import { type RestAnswer, restCall } from "./rest-client";

const probe = TEST_API_KEYS.find((key) => key.id === "rest-rate-limit-probe")!;

describe("REST per-user request limit", () => {
	it("answers 429 rate_limited with Retry-After once a user has spent it, and leaves other users alone", async () => {
		expect((await restCall("GET", `${REST_BASE_PATH}/whoami`, { key: probe.key })).status).toBe(200);
		// The probe key's user spends the rest of the limit directly on the binding (hundreds of
		// requests would only be slower). The local runtime counts in windows aligned to the clock:
		// if one ends in between, the limit is spent again in the new window.
		let answer: RestAnswer | undefined;
		for (let attempt = 0; attempt < 2 && answer?.status !== 429; attempt++) {
			for (let spent = 0; spent < MCP_USER_RATE_LIMIT_REQUESTS; spent++) await env.MCP_USER_RATE_LIMIT.limit({ key: `key:${probe.id}` });
			answer = await restCall("GET", `${REST_BASE_PATH}/whoami`, { key: probe.key });
		}
		expect(answer?.status).toBe(429);
		expect(answer?.headers.get("Retry-After")).toBe(String(MCP_USER_RATE_LIMIT_PERIOD_SECONDS));
		expect(answer?.body.error).toMatchObject({ code: "rate_limited" });
		expect((await restCall("GET", `${REST_BASE_PATH}/whoami`, { key: testApiKey("100002", "read") })).status).toBe(200);
	});
});
