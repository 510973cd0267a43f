/** REST error answers: the status each code maps to, and Retry-After on rate limits. */
import { describe, expect, it } from "vitest";
import { restError, statusOf } from "../../src/rest/errors";

describe("REST errors", () => {
	it("map operation codes to the HTTP status that fits", () => {
		expect(statusOf("invalid_input")).toBe(400);
		expect(statusOf("unauthorized")).toBe(401);
		expect(statusOf("forbidden")).toBe(403);
		expect(statusOf("not_found")).toBe(404);
		expect(statusOf("conflict")).toBe(409);
		expect(statusOf("idempotency_key_reused")).toBe(409);
		expect(statusOf("rate_limited")).toBe(429);
		expect(statusOf("upstream_unavailable")).toBe(502);
		expect(statusOf("outcome_unknown")).toBe(502);
		expect(statusOf("not_configured")).toBe(503);
		expect(statusOf("timeout")).toBe(504);
	});

	it("answer a rate limit with the wait its message names, else Hostaway's window", async () => {
		const named = restError("rate_limited", "Hostaway refused. Retry in 7 seconds; meanwhile wait.");
		expect(named.status).toBe(429);
		expect(named.headers.get("Retry-After")).toBe("7");
		expect(await named.json()).toEqual({
			error: { code: "rate_limited", message: "Hostaway refused. Retry in 7 seconds; meanwhile wait." },
		});
		expect(restError("rate_limited", "Too many.").headers.get("Retry-After")).toBe("10");
		expect(restError("not_found", "No such booking.", { field: "id" }).headers.get("Retry-After")).toBeNull();
	});
});
