/**
 * Fault injection through the control API: server errors (exactly the next N with `count`),
 * 429 storms, malformed JSON, hanging responses, latency, path prefixes; control calls are
 * never affected; `{}` clears.
 */
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { DEMO, api, clearSandboxLog, control, freshSandbox, sandboxLog, usableToken, viaFetch } from "../helpers/sandbox";

let token: string;

beforeAll(async () => {
	await freshSandbox();
	token = await usableToken(viaFetch, DEMO);
});

beforeEach(async () => {
	await freshSandbox();
});

async function status(path = "/listings?limit=1"): Promise<number> {
	const response = await viaFetch(`/v1${path}`, { headers: { Authorization: `Bearer ${token}` } });
	await response.arrayBuffer();
	return response.status;
}

describe("faults", () => {
	it("fails exactly the next N matching calls with count, then stops", async () => {
		expect((await control("PUT", "/faults", { serverErrorRate: 1, count: 3 })).status).toBe(200);
		expect([await status(), await status(), await status(), await status(), await status()]).toEqual([503, 503, 503, 200, 200]);
		const settings = await control("GET", "/settings");
		expect(settings.body).toMatchObject({ faults: {}, faultsRemaining: null });
	});

	it("answers 502/503/504 as a gateway would (HTML) and 500 as a Hostaway failure (JSON)", async () => {
		await control("PUT", "/faults", { serverErrorRate: 1, serverErrorStatus: 502, count: 1 });
		const gateway = await viaFetch("/v1/listings", { headers: { Authorization: `Bearer ${token}` } });
		expect(gateway.status).toBe(502);
		expect(gateway.headers.get("Content-Type")).toContain("text/html");
		expect(await gateway.text()).toContain("502 Bad Gateway");

		await control("PUT", "/faults", { serverErrorRate: 1, serverErrorStatus: 500, count: 1 });
		const internal = await api(viaFetch, token, "GET", "/listings");
		expect(internal).toEqual({ status: 500, body: { status: "fail", result: "Internal server error" } });
	});

	it("applies only to API paths under pathPrefix, and never to control calls", async () => {
		await control("PUT", "/faults", { serverErrorRate: 1, pathPrefix: "/reservations", count: 1 });
		expect(await status("/listings?limit=1")).toBe(200);
		expect((await control("GET", "/stats")).status).toBe(200);
		expect(await status("/reservations?limit=1")).toBe(503);
		expect(await status("/reservations?limit=1")).toBe(200);

		await control("PUT", "/faults", { serverErrorRate: 1 });
		expect(await status()).toBe(503);
		expect((await control("GET", "/settings")).status).toBe(200);
		expect((await control("PUT", "/faults", {})).status).toBe(200);
		expect(await status()).toBe(200);
	});

	it("answers every API call with 429 during a rate-limit storm, until cleared", async () => {
		await control("PUT", "/faults", { rateLimitStormMs: 60_000 });
		const storm = await api(viaFetch, token, "GET", "/reservations");
		expect(storm.status).toBe(429);
		expect(storm.body.status).toBe("fail");
		expect(typeof storm.body.message).toBe("string");
		expect(await status("/conversations")).toBe(429);
		await control("PUT", "/faults", {});
		expect(await status("/conversations")).toBe(200);
	});

	it("sends malformed JSON after processing the call (a write still happens)", async () => {
		const conversation = (await api(viaFetch, token, "GET", "/conversations?limit=1")).body.result[0];
		const before = (await api(viaFetch, token, "GET", `/conversations/${conversation.id}/messages`)).body.count;
		await control("PUT", "/faults", { malformedJsonRate: 1, count: 1 });
		const response = await viaFetch(`/v1/conversations/${conversation.id}/messages`, {
			method: "POST",
			headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
			body: JSON.stringify({ body: "Your door code is on its way" }),
		});
		expect(response.status).toBe(200);
		const text = await response.text();
		expect(() => JSON.parse(text)).toThrow();
		const after = (await api(viaFetch, token, "GET", `/conversations/${conversation.id}/messages`)).body.count;
		expect(after).toBe(before + 1);
	});

	it("hangs a response past the client's timeout; the next call is answered", async () => {
		await control("PUT", "/faults", { hangRate: 1, hangMs: 60_000, count: 1 });
		const hanging = viaFetch("/v1/listings?limit=1", { headers: { Authorization: `Bearer ${token}` }, signal: AbortSignal.timeout(300) });
		await expect(hanging).rejects.toThrow(/abort|timeout|timed out/i);
		expect(await status()).toBe(200);
	});

	it("adds latency until it is set back to zero", async () => {
		expect(await control("PUT", "/latency", { fixedMs: 60_000, jitterMs: 0 })).toEqual({
			status: 200,
			body: { fixedMs: 60_000, jitterMs: 0 },
		});
		const slow = viaFetch("/v1/listings?limit=1", { headers: { Authorization: `Bearer ${token}` }, signal: AbortSignal.timeout(300) });
		await expect(slow).rejects.toThrow(/abort|timeout|timed out/i);
		await control("PUT", "/latency", { fixedMs: 0, jitterMs: 0 });
		expect(await status()).toBe(200);
	});

	it("with a seed, delays the same request by the same time until the seed changes, and different requests differently", async () => {
		await control("PUT", "/latency", { fixedMs: 0, jitterMs: 600, seed: 7 });
		await clearSandboxLog();
		for (const limit of [1, 2, 3, 4, 1, 2, 3, 4]) expect(await status(`/listings?limit=${limit}`)).toBe(200);
		// The sandbox's own log: when it received each call and when it answered, after the delay.
		const delays = (await sandboxLog()).map((entry) => Date.parse(entry.at) - Date.parse(entry.receivedAt));
		expect(delays).toHaveLength(8);
		for (let index = 0; index < 4; index++) expect(Math.abs((delays[index] as number) - (delays[index + 4] as number))).toBeLessThan(100);
		const firstRound = delays.slice(0, 4);
		expect(Math.max(...firstRound) - Math.min(...firstRound)).toBeGreaterThan(100);
		await control("PUT", "/latency", { fixedMs: 0, jitterMs: 0 });
	});

	it("refuses malformed fault and latency settings, naming the field", async () => {
		const refused = { allowErrors: true };
		const rate = await control("PUT", "/faults", { serverErrorRate: 2 }, refused);
		expect(rate.status).toBe(400);
		expect(JSON.stringify(rate.body)).toContain("serverErrorRate");
		const statusCode = await control("PUT", "/faults", { serverErrorRate: 1, serverErrorStatus: 418 }, refused);
		expect(statusCode.status).toBe(400);
		expect(JSON.stringify(statusCode.body)).toContain("serverErrorStatus");
		const unknown = await control("PUT", "/faults", { explode: true }, refused);
		expect(unknown.status).toBe(400);
		expect(JSON.stringify(unknown.body)).toContain("explode");
		const latency = await control("PUT", "/latency", { fixedMs: -1, jitterMs: 0 }, refused);
		expect(latency.status).toBe(400);
		expect(JSON.stringify(latency.body)).toContain("fixedMs");
		expect(await status()).toBe(200);
	});

	it("is cleared by reset", async () => {
		await control("PUT", "/faults", { serverErrorRate: 1 });
		await control("PUT", "/latency", { fixedMs: 5, jitterMs: 5 });
		await control("POST", "/reset", {});
		expect((await control("GET", "/settings")).body).toEqual({
			latency: { fixedMs: 0, jitterMs: 0 },
			faults: {},
			faultsRemaining: null,
			rateLimitsEnabled: true,
			rateLimitProfile: "documented",
		});
	});
});
