/**
 * Where and how the sandbox answers: /sandbox/v1 and /sandbox/control on the Worker while the
 * sandbox is enabled (404 otherwise, like any unknown route), and any host through
 * createSandboxFetch. Both ways in carry a request whole (method, query, headers, form and JSON
 * bodies) and hand back the sandbox's answer unchanged; the HTTP route takes the caller's
 * address for the per-IP rate limit from CF-Connecting-IP.
 */
import { env } from "cloudflare:workers";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { app } from "../../src/http/app";
import { createSandboxFetch } from "../../src/sandbox";
import { businessToday, plusDays } from "../helpers/business-date";
import {
	DEMO,
	OTHER,
	TRANSPORTS,
	type Fetcher,
	api,
	control,
	freshSandbox,
	tokenForm,
	usableTokens,
	viaFetch,
	viaHttp,
} from "../helpers/sandbox";

let demoToken: string;
let otherToken: string;

beforeAll(async () => {
	await freshSandbox();
	[demoToken, otherToken] = (await usableTokens(viaFetch, DEMO, OTHER)) as [string, string];
});

beforeEach(async () => {
	await freshSandbox();
});

describe("sandbox routes", () => {
	it("answers 404 on /sandbox/* when the sandbox is off, as for any unknown route", async () => {
		const off = { ...env, SANDBOX_ENABLED: "false" };
		for (const path of ["/sandbox/v1/listings", "/sandbox/control/stats", "/sandbox/v1/accessTokens"]) {
			const response = await app.fetch(new Request(`http://localhost${path}`), off);
			expect(response.status, path).toBe(404);
			expect(await response.json()).toEqual({ error: "Not found" });
		}
		const unknown = await app.fetch(new Request("http://localhost/no-such-route"), off);
		expect(unknown.status).toBe(404);
	});

	it("serves the Hostaway API and the control API under /sandbox when on (dev configuration)", async () => {
		const unauthenticated = await viaHttp("/v1/listings");
		expect(unauthenticated.status).toBe(403);
		expect(await unauthenticated.json()).toMatchObject({ status: "fail" });
		expect((await viaHttp("/control/stats")).status).toBe(200);
		expect((await app.fetch(new Request("http://localhost/sandbox/other"), env)).status).toBe(404);
	});

	it("serves any host in-process and refuses paths outside /v1 and /control", async () => {
		const sandboxFetch = createSandboxFetch(env);
		const response = await sandboxFetch("https://api.hostaway.com/v1/listings");
		expect(response.status).toBe(403);
		expect(response).toBeInstanceOf(Response);
		const request = new Request("https://sandbox.hostaway.invalid/control/stats");
		expect((await sandboxFetch(request)).status).toBe(200);
		await expect(sandboxFetch("https://sandbox.hostaway.invalid/health")).rejects.toThrow(TypeError);
	});
});

describe.each(TRANSPORTS)("a request over the %s", (_name, fetcher: Fetcher) => {
	it("carries a form body and a query string: a token is issued, then revoked", async () => {
		const issued = await fetcher("/v1/accessTokens", {
			method: "POST",
			headers: { "Content-Type": "application/x-www-form-urlencoded" },
			body: tokenForm(DEMO),
		});
		expect(issued.status).toBe(200);
		const { access_token: token } = (await issued.json()) as { access_token: string };
		const revoked = await fetcher(`/v1/accessTokens?token=${encodeURIComponent(token)}`, { method: "DELETE" });
		expect(revoked.status).toBe(200);
		expect(await revoked.json()).toEqual({ status: "success", result: [] });
	});

	it("carries the Authorization header, the query string and a JSON body", async () => {
		const listings = await api(fetcher, demoToken, "GET", "/listings?limit=2");
		expect(listings.status).toBe(200);
		expect(listings.body.result).toHaveLength(2);
		const from = plusDays(businessToday(), 30);
		const quote = await api(fetcher, demoToken, "POST", `/listings/${listings.body.result[0].id}/calendar/priceDetails`, {
			startingDate: from,
			endingDate: plusDays(from, 2),
			numberOfGuests: 1,
			version: 2,
		});
		expect(quote.status).toBe(200);
		expect(quote.body.result.totalPrice).toBeGreaterThan(0);
	});

	it("hands back the sandbox's answer unchanged: status, content type and body", async () => {
		await control("PUT", "/faults", { serverErrorRate: 1, serverErrorStatus: 502, count: 1 });
		const gateway = await fetcher("/v1/listings", { headers: { Authorization: `Bearer ${demoToken}` } });
		expect(gateway.status).toBe(502);
		expect(gateway.headers.get("Content-Type")).toContain("text/html");
		expect(await gateway.text()).toContain("502 Bad Gateway");
	});
});

describe("the caller's address over the HTTP route", () => {
	/** The HTTP route as curl from `ip` would reach it behind Cloudflare (no header: a local caller). */
	const fromIp =
		(ip?: string): Fetcher =>
		(path, init) =>
			viaHttp(path, { ...init, headers: { ...(init?.headers as Record<string, string>), ...(ip ? { "CF-Connecting-IP": ip } : {}) } });

	async function spend(fetcher: Fetcher, token: string, calls: number): Promise<number[]> {
		const statuses: number[] = [];
		for (let n = 0; n < calls; n++) statuses.push((await api(fetcher, token, "GET", "/listings?limit=1")).status);
		return statuses;
	}

	it("is CF-Connecting-IP, else 127.0.0.1: each has its own per-IP budget (15 on the legacy limits)", async () => {
		// The older, smaller limits: the address is what this is about, and 15 calls show it as well as 200.
		await freshSandbox({ rateLimits: "legacy" });
		expect(await spend(fromIp("203.0.113.7"), demoToken, 16)).toEqual([...Array(15).fill(200), 429]);
		expect(await spend(fromIp("203.0.113.8"), demoToken, 1)).toEqual([200]);
		// Without the header the caller is 127.0.0.1 (another account, so only the per-IP budget is spent).
		expect(await spend(fromIp(), otherToken, 15)).toEqual(Array(15).fill(200));
		expect(await spend(fromIp("127.0.0.1"), otherToken, 1)).toEqual([429]);
	});
});
