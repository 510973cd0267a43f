/** Tenant isolation: two sandbox accounts with separate portfolios, writes and tokens. */
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { DEMO, OTHER, api, freshSandbox, issueToken, usableTokens, viaFetch } from "../helpers/sandbox";

let demoToken: string;
let otherToken: string;

beforeAll(async () => {
	await freshSandbox();
	[demoToken, otherToken] = (await usableTokens(viaFetch, DEMO, OTHER)) as [string, string];
});

beforeEach(async () => {
	// Only the demo account is written to.
	await freshSandbox();
});

describe("isolation between accounts", () => {
	it("gives the two accounts different portfolios with no shared ids", async () => {
		const demo = (await api(viaFetch, demoToken, "GET", "/listings")).body.result as { id: number; city: string }[];
		const other = (await api(viaFetch, otherToken, "GET", "/listings")).body.result as { id: number; city: string }[];
		expect(demo.map((l) => l.id).filter((id) => other.some((o) => o.id === id))).toEqual([]);
		expect(new Set(demo.map((l) => l.city))).not.toEqual(new Set(other.map((l) => l.city)));
		const demoReservations = (await api(viaFetch, demoToken, "GET", "/reservations?limit=2000")).body.result as { id: number }[];
		const otherIds = new Set(
			((await api(viaFetch, otherToken, "GET", "/reservations?limit=2000")).body.result as { id: number }[]).map((r) => r.id),
		);
		expect(demoReservations.filter((r) => otherIds.has(r.id))).toEqual([]);
	});

	it("keeps writes of one account out of the other", async () => {
		const otherBefore = (await api(viaFetch, otherToken, "GET", "/reservations?limit=2000")).body.count;
		const listing = (await api(viaFetch, demoToken, "GET", "/listings?limit=1")).body.result[0];
		const created = await api(viaFetch, demoToken, "POST", "/reservations", {
			channelId: 2000,
			listingMapId: listing.id,
			arrivalDate: "2032-03-01",
			departureDate: "2032-03-04",
		});
		expect(created.status).toBe(200);
		await api(viaFetch, demoToken, "PUT", `/listings/${listing.id}/calendar`, { startDate: "2032-04-01", endDate: "2032-04-02", price: 1 });
		expect((await api(viaFetch, otherToken, "GET", "/reservations?limit=2000")).body.count).toBe(otherBefore);
		expect((await api(viaFetch, otherToken, "GET", `/reservations/${created.body.result.id}`)).status).toBe(404);
		expect((await api(viaFetch, demoToken, "GET", `/reservations/${created.body.result.id}`)).status).toBe(200);
	});

	it("refuses one account's token for the other's records, and a token whose account was altered", async () => {
		const otherListing = (await api(viaFetch, otherToken, "GET", "/listings?limit=1")).body.result[0];
		const otherReservation = (await api(viaFetch, otherToken, "GET", "/reservations?limit=1")).body.result[0];
		const otherConversation = (await api(viaFetch, otherToken, "GET", "/conversations?limit=1")).body.result[0];
		expect((await api(viaFetch, demoToken, "GET", `/listings/${otherListing.id}`)).status).toBe(404);
		expect((await api(viaFetch, demoToken, "GET", `/reservations/${otherReservation.id}`)).status).toBe(404);
		expect((await api(viaFetch, demoToken, "POST", `/conversations/${otherConversation.id}/messages`, { body: "hi" })).status).toBe(404);
		expect((await api(viaFetch, demoToken, "PUT", `/reservations/${otherReservation.id}/statuses/cancelled`, {})).status).toBe(404);

		// Re-addressing a token to the other account (aud) does not make it valid there.
		const [header, payload, signature] = demoToken.split(".") as [string, string, string];
		const claims = JSON.parse(atob(payload.replace(/-/g, "+").replace(/_/g, "/")));
		const forged = btoa(JSON.stringify({ ...claims, aud: "100002" }))
			.replace(/\+/g, "-")
			.replace(/\//g, "_")
			.replace(/=+$/, "");
		expect((await api(viaFetch, `${header}.${forged}.${signature}`, "GET", "/listings")).status).toBe(403);
	});

	it("does not issue a token for one account with the other's key", async () => {
		await expect(issueToken(viaFetch, { accountId: DEMO.accountId, apiKey: OTHER.apiKey })).rejects.toThrow(/401/);
	});
});
