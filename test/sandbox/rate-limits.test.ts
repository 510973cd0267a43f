/**
 * Hostaway's rate limits: 15 requests per 10 seconds per client IP and 20 per 10 seconds per
 * account, answered with 429 and a `message` (not `result`); switchable off for tests.
 */
import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import { createSandboxFetch } from "../../src/sandbox";
import { DEMO, OTHER, type Fetcher, api, control, freshSandbox, usableToken, viaHttp } from "./helpers";

/** The HTTP route as seen from one client address (CF-Connecting-IP). */
function fromIp(ip: string): Fetcher {
	return (path, init) => viaHttp(path, { ...init, headers: { ...(init?.headers as Record<string, string>), "CF-Connecting-IP": ip } });
}

async function statuses(fetcher: Fetcher, token: string, calls: number): Promise<number[]> {
	const out: number[] = [];
	for (let n = 0; n < calls; n++) out.push((await api(fetcher, token, "GET", "/listings?limit=1")).status);
	return out;
}

describe("rate limits", () => {
	let demoToken: string;
	let otherToken: string;

	beforeEach(async () => {
		await freshSandbox({ rateLimits: false });
		demoToken = await usableToken(fromIp("198.51.100.1"), DEMO);
		otherToken = await usableToken(fromIp("198.51.100.1"), OTHER);
		await control("PUT", "/rate-limits", { enabled: true });
	});

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
		const first = createSandboxFetch(env);
		const second = createSandboxFetch(env);
		const asFetcher =
			(f: typeof fetch): Fetcher =>
			(path, init) =>
				f(`https://sandbox.hostaway.invalid${path}`, init);
		expect(await statuses(asFetcher(first), demoToken, 8)).toEqual(Array(8).fill(200));
		expect(await statuses(asFetcher(second), otherToken, 7)).toEqual(Array(7).fill(200));
		expect((await api(asFetcher(second), otherToken, "GET", "/listings?limit=1")).status).toBe(429);
		const elsewhere = asFetcher(createSandboxFetch(env, { clientIp: "203.0.113.99" }));
		expect((await api(elsewhere, otherToken, "GET", "/listings?limit=1")).status).toBe(200);
	});

	it("can be switched off and on through the control API", async () => {
		expect(await control("PUT", "/rate-limits", { enabled: false })).toEqual({ status: 200, body: { enabled: false } });
		const ip = fromIp("203.0.113.40");
		expect(await statuses(ip, demoToken, 25)).toEqual(Array(25).fill(200));
		await control("PUT", "/rate-limits", { enabled: true });
		const statusesAfter = await statuses(ip, demoToken, 16);
		expect(statusesAfter.slice(0, 15)).toEqual(Array(15).fill(200));
		expect(statusesAfter[15]).toBe(429);
		expect((await control("PUT", "/rate-limits", { enabled: "yes" })).status).toBe(400);
	});
});
