/**
 * Hostaway's rate limits: 15 requests per 10 seconds per client IP and 20 per 10 seconds per
 * account, answered with 429 and a `message` (not `result`); switchable off for tests. Client
 * addresses are given to the in-process fetch here; test/sandbox/routing.test.ts checks that
 * the HTTP route takes them from CF-Connecting-IP.
 */
import { env } from "cloudflare:workers";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createSandboxFetch } from "../../src/sandbox";
import { DEMO, OTHER, SANDBOX_ORIGIN, type Fetcher, api, control, freshSandbox, usableTokens } from "../helpers/sandbox";

/** The sandbox in-process, as seen from one client address. */
function fromIp(ip: string): Fetcher {
	return asFetcher(createSandboxFetch(env, { clientIp: ip }));
}

function asFetcher(sandboxFetch: typeof fetch): Fetcher {
	return (path, init) => sandboxFetch(`${SANDBOX_ORIGIN}${path}`, init);
}

async function statuses(fetcher: Fetcher, token: string, calls: number): Promise<number[]> {
	const out: number[] = [];
	for (let n = 0; n < calls; n++) out.push((await api(fetcher, token, "GET", "/listings?limit=1")).status);
	return out;
}

let demoToken: string;
let otherToken: string;

beforeAll(async () => {
	await freshSandbox();
	// Tokens survive a reset: issued once for every test.
	[demoToken, otherToken] = (await usableTokens(fromIp("198.51.100.1"), DEMO, OTHER)) as [string, string];
});

beforeEach(async () => {
	// Limits on, every window empty.
	await freshSandbox({ rateLimits: true });
});

describe("rate limits", () => {
	it("allows 15 requests per 10 s from one IP, then answers 429 with a message", async () => {
		const ip = fromIp("203.0.113.7");
		expect(await statuses(ip, demoToken, 15)).toEqual(Array(15).fill(200));
		const limited = await api(ip, demoToken, "GET", "/listings?limit=1");
		expect(limited.status).toBe(429);
		expect(limited.body.status).toBe("fail");
		expect(limited.body).not.toHaveProperty("result");
		expect(limited.body.message).toMatch(/15 requests per 10 seconds per IP/);
		// Another address still has its own budget, even for the same account.
		expect((await api(fromIp("203.0.113.8"), demoToken, "GET", "/listings?limit=1")).status).toBe(200);
	});

	it("allows 20 requests per 10 s per account across IPs, and other accounts are unaffected", async () => {
		const results = [
			...(await statuses(fromIp("203.0.113.21"), demoToken, 10)),
			...(await statuses(fromIp("203.0.113.22"), demoToken, 10)),
		];
		expect(results).toEqual(Array(20).fill(200));
		const limited = await api(fromIp("203.0.113.23"), demoToken, "GET", "/listings?limit=1");
		expect(limited.status).toBe(429);
		expect(limited.body.message).toMatch(/20 requests per 10 seconds per account/);
		expect((await api(fromIp("203.0.113.24"), otherToken, "GET", "/listings?limit=1")).status).toBe(200);
	});

	it("gives every in-process fetch of one Worker one address (one budget) unless told otherwise", async () => {
		const first = asFetcher(createSandboxFetch(env));
		const second = asFetcher(createSandboxFetch(env));
		expect(await statuses(first, demoToken, 8)).toEqual(Array(8).fill(200));
		expect(await statuses(second, otherToken, 7)).toEqual(Array(7).fill(200));
		expect((await api(second, otherToken, "GET", "/listings?limit=1")).status).toBe(429);
		expect((await api(fromIp("203.0.113.99"), otherToken, "GET", "/listings?limit=1")).status).toBe(200);
	});

	it("can be switched off and on through the control API", async () => {
		expect(await control("PUT", "/rate-limits", { enabled: false })).toEqual({ status: 200, body: { enabled: false } });
		const ip = fromIp("203.0.113.40");
		expect(await statuses(ip, demoToken, 25)).toEqual(Array(25).fill(200));
		await control("PUT", "/rate-limits", { enabled: true });
		const statusesAfter = await statuses(ip, demoToken, 16);
		expect(statusesAfter.slice(0, 15)).toEqual(Array(15).fill(200));
		expect(statusesAfter[15]).toBe(429);
		expect((await control("PUT", "/rate-limits", { enabled: "yes" }, { allowErrors: true })).status).toBe(400);
	});
});
