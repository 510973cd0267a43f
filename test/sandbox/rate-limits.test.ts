/**
 * Hostaway's rate limits in the sandbox (src/sandbox/control/rate-limits.ts, hostaway-api.md §3).
 * Documented profile, the default: sliding windows; per account, sending a message 30 per
 * minute, price quotes 400 per 10 s, creating a reservation 200 per 10 s, each on its own
 * counter only; every other call 200 per 10 s per account and 200 per 10 s per IP. A 429 has
 * `{"status":"fail","message"}` and `X-RateLimit-Limit`, `-Remaining`, `-Retry-After` (a Unix
 * time in seconds) and `-Applied`. Legacy profile: 15 per 10 s per IP and 20 per account for
 * every call, with a `Retry-After` in seconds as well. Switchable off for tests.
 *
 * The windows' sliding is checked on the limiter itself with a pinned clock (no 10-s or 60-s
 * waits); everything else through the sandbox's front door with the real numbers. Client
 * addresses are given to the in-process fetch here; test/sandbox/routing.test.ts checks that the
 * HTTP route takes them from CF-Connecting-IP.
 */
import { env } from "cloudflare:workers";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createSandboxFetch } from "../../src/sandbox";
import { RateLimiter, type RateLimitedCall } from "../../src/sandbox/control/rate-limits";
import {
	DEMO,
	OTHER,
	SANDBOX_ORIGIN,
	type ApiResult,
	type Fetcher,
	api,
	apiWithHeaders,
	control,
	freshSandbox,
	usableTokens,
} from "../helpers/sandbox";

/** The sandbox in-process, as seen from one client address. */
function fromIp(ip: string): Fetcher {
	return asFetcher(createSandboxFetch(env, { clientIp: ip }));
}

function asFetcher(sandboxFetch: typeof fetch): Fetcher {
	return (path, init) => sandboxFetch(`${SANDBOX_ORIGIN}${path}`, init);
}

const LIST = { method: "GET", path: "/listings?limit=1" } as const;
// Hostaway counts a call whatever its answer: these name no such conversation or listing, or
// carry no reservation, so the counters fill without writing to the portfolio.
const SEND = { method: "POST", path: "/conversations/999999999/messages", body: { body: "hello" } } as const;
const QUOTE = { method: "POST", path: "/listings/999999999/calendar/priceDetails", body: {} } as const;
const CREATE = { method: "POST", path: "/reservations", body: {} } as const;

interface Call {
	method: string;
	path: string;
	body?: unknown;
}

/** `count` calls at once; their statuses. */
async function spend(fetcher: Fetcher, token: string, count: number, call: Call = LIST): Promise<number[]> {
	const results = await Promise.all(Array.from({ length: count }, () => api(fetcher, token, call.method, call.path, call.body)));
	return results.map((result) => result.status);
}

type Answer = ApiResult & { headers: Headers };

function once(fetcher: Fetcher, token: string, call: Call = LIST): Promise<Answer> {
	return apiWithHeaders(fetcher, token, call.method, call.path, call.body);
}

/** A 429 over a limit, as §3 documents it: body, limit, what is left, which limit, and no standard Retry-After. */
function expectRefusal(result: Answer, limit: number, applied: string): void {
	expect(result.status).toBe(429);
	expect(result.body).toEqual({ status: "fail", message: expect.stringContaining(`the limit is ${limit} requests`) });
	expect(result.headers.get("X-RateLimit-Limit")).toBe(String(limit));
	expect(result.headers.get("X-RateLimit-Remaining")).toBe("0");
	expect(result.headers.get("X-RateLimit-Applied")).toBe(applied);
	expect(result.headers.get("Retry-After")).toBeNull();
}

/** `X-RateLimit-Retry-After` in ms: a whole number of Unix seconds. */
function retryAtMs(result: Answer): number {
	const value = result.headers.get("X-RateLimit-Retry-After") ?? "";
	expect(value).toMatch(/^\d+$/);
	return Number(value) * 1000;
}

let demoToken: string;
let otherToken: string;

beforeAll(async () => {
	await freshSandbox();
	// Tokens survive a reset: issued once for every test.
	[demoToken, otherToken] = (await usableTokens(fromIp("198.51.100.1"), DEMO, OTHER)) as [string, string];
});

beforeEach(async () => {
	// The documented limits on, every window empty.
	await freshSandbox({ rateLimits: true });
});

describe("documented limits, through the front door", () => {
	it("allows 200 calls per 10 s per account across IPs, then 429 with the headers; Retry-After is when the first call leaves the window", async () => {
		const startedAt = Date.now();
		const first = await spend(fromIp("203.0.113.21"), demoToken, 1);
		const firstAnsweredAt = Date.now();
		const rest = [...(await spend(fromIp("203.0.113.21"), demoToken, 99)), ...(await spend(fromIp("203.0.113.22"), demoToken, 100))];
		expect([...first, ...rest]).toEqual(Array(200).fill(200));

		const limited = await once(fromIp("203.0.113.23"), demoToken);
		expectRefusal(limited, 200, "account");
		expect(limited.body.message).toMatch(/200 requests per 10 seconds per account/);
		// A Unix time in seconds (not a delay), rounded up from the moment the first call leaves the window.
		const retryAt = retryAtMs(limited);
		expect(retryAt).toBeGreaterThan(Date.now());
		expect(retryAt).toBeGreaterThanOrEqual(startedAt + 10_000);
		expect(retryAt).toBeLessThan(firstAnsweredAt + 10_000 + 1_000);
		// Other accounts keep their own budget.
		expect((await once(fromIp("203.0.113.24"), otherToken)).status).toBe(200);
	});

	it("allows 200 calls per 10 s per IP: two accounts from one address share it, another address does not", async () => {
		const ip = fromIp("203.0.113.7");
		expect([...(await spend(ip, demoToken, 100)), ...(await spend(ip, otherToken, 100))]).toEqual(Array(200).fill(200));
		const limited = await once(ip, otherToken);
		expectRefusal(limited, 200, "ip");
		expect(limited.body.message).toMatch(/200 requests per 10 seconds per IP address/);
		expect(retryAtMs(limited)).toBeGreaterThan(Date.now());
		expect(retryAtMs(limited)).toBeLessThanOrEqual(Date.now() + 11_000);
		// Neither account is over its own limit: from another address both are answered.
		expect((await once(fromIp("203.0.113.8"), demoToken)).status).toBe(200);
		expect((await once(fromIp("203.0.113.8"), otherToken)).status).toBe(200);
	});

	it("gives sending messages 30 per minute per account, on a counter of its own that leaves the general ones untouched", async () => {
		const ip = fromIp("203.0.113.30");
		expect(await spend(ip, demoToken, 30, SEND)).toEqual(Array(30).fill(404));
		const limited = await once(ip, demoToken, SEND);
		expectRefusal(limited, 30, "endpoint");
		expect(limited.body.message).toMatch(/30 requests per minute per account for POST \/conversations\/\{conversationId\}\/messages/);
		expect(retryAtMs(limited)).toBeGreaterThan(Date.now() + 10_000);
		expect(retryAtMs(limited)).toBeLessThanOrEqual(Date.now() + 61_000);
		// The other account sends on its own counter.
		expect((await once(ip, otherToken, SEND)).status).toBe(404);
		// The account's and the address's 200 other calls are all still there.
		expect(await spend(ip, demoToken, 200)).toEqual(Array(200).fill(200));
		expect((await once(ip, demoToken)).status).toBe(429);
	});

	it("gives price quotes 400 per 10 s per account, on their own counter", async () => {
		const ip = fromIp("203.0.113.40");
		expect(await spend(ip, demoToken, 400, QUOTE)).toEqual(Array(400).fill(404));
		const limited = await once(ip, demoToken, QUOTE);
		expectRefusal(limited, 400, "endpoint");
		expect(retryAtMs(limited)).toBeGreaterThan(Date.now());
		expect(retryAtMs(limited)).toBeLessThanOrEqual(Date.now() + 11_000);
		expect(await spend(ip, demoToken, 200)).toEqual(Array(200).fill(200));
	});

	it("gives creating reservations 200 per 10 s per account, on their own counter", async () => {
		const ip = fromIp("203.0.113.50");
		expect(await spend(ip, demoToken, 200, CREATE)).toEqual(Array(200).fill(400));
		const limited = await once(ip, demoToken, CREATE);
		expectRefusal(limited, 200, "endpoint");
		expect(limited.body.message).toMatch(/per account for POST \/reservations/);
		expect(retryAtMs(limited)).toBeLessThanOrEqual(Date.now() + 11_000);
		expect(await spend(ip, demoToken, 200)).toEqual(Array(200).fill(200));
	});

	it("gives every in-process fetch of one Worker one address (one budget) unless told otherwise", async () => {
		const first = asFetcher(createSandboxFetch(env));
		const second = asFetcher(createSandboxFetch(env));
		expect(await spend(first, demoToken, 100)).toEqual(Array(100).fill(200));
		expect(await spend(second, otherToken, 100)).toEqual(Array(100).fill(200));
		expectRefusal(await once(second, otherToken), 200, "ip");
		expect((await once(fromIp("203.0.113.99"), otherToken)).status).toBe(200);
	});
});

describe("legacy limits (15 per 10 s per IP, 20 per account)", () => {
	beforeEach(async () => {
		await freshSandbox({ rateLimits: "legacy" });
	});

	it("allows 15 calls per 10 s from one IP, then 429 with the X-RateLimit headers and a Retry-After in seconds", async () => {
		const ip = fromIp("203.0.113.60");
		expect(await spend(ip, demoToken, 15)).toEqual(Array(15).fill(200));
		const limited = await once(ip, demoToken);
		expect(limited.status).toBe(429);
		expect(limited.body).toEqual({ status: "fail", message: expect.stringMatching(/15 requests per 10 seconds per IP/) });
		expect(limited.headers.get("X-RateLimit-Limit")).toBe("15");
		expect(limited.headers.get("X-RateLimit-Applied")).toBe("ip");
		const retryAt = retryAtMs(limited);
		expect(retryAt).toBeGreaterThan(Date.now());
		expect(retryAt).toBeLessThanOrEqual(Date.now() + 11_000);
		const retryAfter = Number(limited.headers.get("Retry-After"));
		expect(retryAfter).toBeGreaterThanOrEqual(1);
		expect(retryAfter).toBeLessThanOrEqual(10);
		// Another address has its own budget, even for the same account.
		expect((await once(fromIp("203.0.113.61"), demoToken)).status).toBe(200);
	});

	it("allows 20 calls per 10 s per account across IPs", async () => {
		expect([...(await spend(fromIp("203.0.113.62"), demoToken, 10)), ...(await spend(fromIp("203.0.113.63"), demoToken, 10))]).toEqual(
			Array(20).fill(200),
		);
		const limited = await once(fromIp("203.0.113.64"), demoToken);
		expect(limited.status).toBe(429);
		expect(limited.body.message).toMatch(/20 requests per 10 seconds per account/);
		expect(limited.headers.get("X-RateLimit-Limit")).toBe("20");
		expect(limited.headers.get("X-RateLimit-Applied")).toBe("account");
		expect((await once(fromIp("203.0.113.64"), otherToken)).status).toBe(200);
	});

	it("counts every endpoint against the general counters: there are no endpoint counters", async () => {
		const ip = fromIp("203.0.113.65");
		expect([
			...(await spend(ip, demoToken, 5, SEND)),
			...(await spend(ip, demoToken, 5, QUOTE)),
			...(await spend(ip, demoToken, 5, CREATE)),
		]).toEqual([...Array(10).fill(404), ...Array(5).fill(400)]);
		expect((await once(ip, otherToken)).headers.get("X-RateLimit-Applied")).toBe("ip");
	});
});

describe("the control switch", () => {
	it("switches the limits off and on, and between profiles; a request without a profile keeps the current one", async () => {
		expect((await control("GET", "/settings")).body).toMatchObject({ rateLimitsEnabled: true, rateLimitProfile: "documented" });
		expect(await control("PUT", "/rate-limits", { enabled: false })).toEqual({
			status: 200,
			body: { enabled: false, profile: "documented" },
		});
		const ip = fromIp("203.0.113.70");
		expect(await spend(ip, demoToken, 210)).toEqual(Array(210).fill(200));

		expect(await control("PUT", "/rate-limits", { enabled: true, profile: "legacy" })).toEqual({
			status: 200,
			body: { enabled: true, profile: "legacy" },
		});
		expect(await spend(ip, demoToken, 15)).toEqual(Array(15).fill(200));
		expect((await once(ip, demoToken)).status).toBe(429);

		// Off and on again: still legacy, with fresh windows.
		await control("PUT", "/rate-limits", { enabled: false });
		expect(await control("PUT", "/rate-limits", { enabled: true })).toEqual({ status: 200, body: { enabled: true, profile: "legacy" } });
		expect(await spend(ip, demoToken, 15)).toEqual(Array(15).fill(200));
		expect((await once(ip, demoToken)).status).toBe(429);

		// Back to the documented limits, and a reset returns to them too.
		await control("PUT", "/rate-limits", { enabled: true, profile: "documented" });
		expect(await spend(ip, demoToken, 16)).toEqual(Array(16).fill(200));
		await control("PUT", "/rate-limits", { enabled: true, profile: "legacy" });
		await control("POST", "/reset", {});
		expect((await control("GET", "/settings")).body).toMatchObject({ rateLimitsEnabled: true, rateLimitProfile: "documented" });
	});

	it("refuses a bad switch naming the field", async () => {
		const enabled = await control("PUT", "/rate-limits", { enabled: "yes" }, { allowErrors: true });
		expect(enabled.status).toBe(400);
		expect(JSON.stringify(enabled.body)).toContain("enabled");
		const profile = await control("PUT", "/rate-limits", { enabled: true, profile: "strict" }, { allowErrors: true });
		expect(profile.status).toBe(400);
		expect(profile.body.error).toMatch(/profile.*documented.*legacy/);
		expect((await control("GET", "/settings")).body).toMatchObject({ rateLimitProfile: "documented" });
	});
});

describe("sliding windows (the limiter on a pinned clock)", () => {
	const T0 = Date.UTC(2030, 0, 1, 12, 0, 0, 250);
	const call = (over: Partial<RateLimitedCall> = {}): RateLimitedCall => ({
		ip: "203.0.113.80",
		accountId: "100001",
		routeKey: "GET /listings",
		...over,
	});

	function fill(limiter: RateLimiter, count: number, at: number, over: Partial<RateLimitedCall> = {}): void {
		for (let n = 0; n < count; n++) expect(limiter.take(call(over), "documented", at)).toBeNull();
	}

	it("frees a slot when a call is one window old, not at a clock boundary", () => {
		const limiter = new RateLimiter();
		fill(limiter, 100, T0);
		fill(limiter, 100, T0 + 5_000);
		expect(limiter.take(call(), "documented", T0 + 9_999)).toMatchObject({ applied: "account", limit: 200, retryAtMs: T0 + 10_000 });
		// The first hundred have left the window; the second hundred still count until T0 + 15 s.
		fill(limiter, 100, T0 + 10_000);
		expect(limiter.take(call(), "documented", T0 + 10_000)).toMatchObject({ retryAtMs: T0 + 15_000 });
		expect(limiter.take(call(), "documented", T0 + 15_000)).toBeNull();
	});

	it("does not count a refused call: retrying early does not move the time to retry", () => {
		const limiter = new RateLimiter();
		fill(limiter, 30, T0, { routeKey: "POST /conversations/{conversationId}/messages" });
		for (const at of [T0 + 1, T0 + 30_000, T0 + 59_999]) {
			expect(limiter.take(call({ routeKey: "POST /conversations/{conversationId}/messages" }), "documented", at)).toMatchObject({
				applied: "endpoint",
				limit: 30,
				remaining: 0,
				retryAtMs: T0 + 60_000,
			});
		}
		expect(limiter.take(call({ routeKey: "POST /conversations/{conversationId}/messages" }), "documented", T0 + 60_000)).toBeNull();
	});

	it("names the limit that frees last when several are full", () => {
		const limiter = new RateLimiter();
		// The address is spent early by another account; this account fills its own later.
		fill(limiter, 100, T0, { accountId: "100002" });
		fill(limiter, 100, T0 + 4_000);
		expect(limiter.take(call(), "documented", T0 + 4_000)).toMatchObject({ applied: "ip", retryAtMs: T0 + 10_000 });
		expect(limiter.take(call({ ip: "203.0.113.81" }), "documented", T0 + 4_000)).toBeNull();
		fill(limiter, 99, T0 + 4_000, { ip: "203.0.113.81" });
		// Both this address and the account are full now; the account's window frees at T0 + 14 s.
		expect(limiter.take(call(), "documented", T0 + 6_000)).toMatchObject({ applied: "account", retryAtMs: T0 + 14_000 });
	});
});
