/**
 * Walled-off tenants (ARCHITECTURE.md invariant 4), through the MCP endpoint: sandbox account
 * 100002 signed in through OAuth and account 100001 through an API key, used at the same time.
 * Neither sees the other's listings, cached responses, Hostaway token, confirmation tokens or
 * sessions. (Rate budgets per account are proven at the gate in test/hostaway/tenant-isolation.test.ts.)
 */
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { responseCacheKey, tenantPrefix } from "../../src/gate/keys";
import { testApiKey } from "../helpers/api-keys";
import { plusDays, businessToday } from "../helpers/business-date";
import { bearer, signIn } from "../helpers/oauth";
import { clearSandboxLog, DEMO, freshSandbox, OTHER, sandboxLog, writesIn } from "../helpers/sandbox";
import { sandboxListings } from "../helpers/sandbox-records";
import { callTool, callToolOk, connectMcpClient } from "../helpers/tools";

let viaOAuth: Client; // account 100002
let viaKey: Client; // account 100001
const oauthHeaders: Record<string, string> = {};
const keyHeaders = { "X-API-Key": testApiKey("100001", "write") };

interface Listings {
	listings: { id: number; name: string }[];
}

beforeAll(async () => {
	await freshSandbox();
	const { tokens } = await signIn({ accountId: OTHER.accountId, apiKey: OTHER.apiKey, access: "write" });
	Object.assign(oauthHeaders, bearer(tokens.access_token));
	[viaOAuth, viaKey] = await Promise.all([connectMcpClient({ headers: oauthHeaders }), connectMcpClient({ headers: keyHeaders })]);
});

describe("two tenants at the same time", () => {
	it("each see only their own account's listings, fetched with their own account's token", async () => {
		await clearSandboxLog();
		const [other, demo] = await Promise.all([
			callToolOk<Listings>(viaOAuth, "list_listings", { limit: 100 }),
			callToolOk<Listings>(viaKey, "list_listings", { limit: 100 }),
		]);
		const [otherExpected, demoExpected] = await Promise.all([sandboxListings(OTHER), sandboxListings(DEMO)]);
		const ids = (result: { data: Listings }) => result.data.listings.map((listing) => listing.id);
		const otherIds = new Set(otherExpected.map((listing) => listing.id));
		const demoIds = new Set(demoExpected.map((listing) => listing.id));
		expect(ids(other).length).toBeGreaterThan(0);
		expect(ids(demo).length).toBeGreaterThan(0);
		for (const id of ids(other)) expect(otherIds.has(id) && !demoIds.has(id)).toBe(true);
		for (const id of ids(demo)) expect(demoIds.has(id) && !otherIds.has(id)).toBe(true);
		// The sandbox attributes every request to the account inside the token it carried.
		const accounts = new Set((await sandboxLog()).filter((entry) => entry.path === "/v1/listings").map((entry) => entry.accountId));
		expect(accounts).toEqual(new Set([OTHER.accountId, DEMO.accountId]));
	});

	it("cannot read one another's listing, even right after the other's read filled its cache", async () => {
		const demoListing = (await sandboxListings(DEMO))[0]!;
		await callToolOk(viaKey, "get_listing", { listingId: demoListing.id });
		const cacheKeys = (await env.CACHE.list({ prefix: tenantPrefix(DEMO.accountId) })).keys;
		expect(cacheKeys.length).toBeGreaterThan(0);
		const crossRead = await callTool(viaOAuth, "get_listing", { listingId: demoListing.id });
		expect(crossRead.isError).toBe(true);
		expect(crossRead.text).toMatch(/not found|no listing/i);
		expect(crossRead.raw).not.toContain(demoListing.name);
		// Every cached entry and token lives under its own tenant's prefix.
		for (const { name } of (await env.CACHE.list()).keys) expect(name).toMatch(/^tenant:\d+:/);
		expect(responseCacheKey(OTHER.accountId, "x", "y").startsWith(tenantPrefix(OTHER.accountId))).toBe(true);
	});

	it("cannot use one another's confirmation token", async () => {
		const [demoListing] = await sandboxListings(DEMO);
		const [otherListing] = await sandboxListings(OTHER);
		const startDate = plusDays(businessToday(), 300);
		const preview = await callToolOk<{ status: string; confirmationToken: string }>(viaKey, "update_calendar", {
			listingId: demoListing!.id,
			startDate,
			price: 999,
		});
		expect(preview.data.status).toBe("preview");
		await clearSandboxLog();
		const stolen = await callTool(viaOAuth, "update_calendar", {
			listingId: otherListing!.id,
			startDate,
			price: 999,
			confirmationToken: preview.data.confirmationToken,
		});
		expect(stolen.isError).toBe(true);
		expect(writesIn(await sandboxLog())).toEqual([]);
	});

	it("cannot enter one another's session", async () => {
		const keySession = (viaKey.transport as unknown as { sessionId: string }).sessionId;
		const response = await fetchInSession(oauthHeaders, keySession);
		expect(response.status).toBe(404);
		expect((await callToolOk<{ accountId: string }>(viaKey, "whoami")).data.accountId).toBe(DEMO.accountId);
		expect((await callToolOk<{ accountId: string }>(viaOAuth, "whoami")).data.accountId).toBe(OTHER.accountId);
	});
});

async function fetchInSession(headers: Record<string, string>, sessionId: string) {
	const { workerFetch, WORKER_ORIGIN } = await import("../helpers/mcp-client");
	return workerFetch(`${WORKER_ORIGIN}/mcp`, {
		method: "POST",
		headers: { "Content-Type": "application/json", Accept: "application/json, text/event-stream", "Mcp-Session-Id": sessionId, ...headers },
		body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "tools/list", params: {} }),
	});
}
