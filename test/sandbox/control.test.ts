/** The control API's counters, request log and reset. */
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { DEMO, OTHER, type LogEntry, api, control, freshSandbox, issueToken, sandboxLog, usableTokens, viaFetch } from "../helpers/sandbox";

let token: string;
let otherToken: string;

beforeAll(async () => {
	await freshSandbox();
	[token, otherToken] = (await usableTokens(viaFetch, DEMO, OTHER)) as [string, string];
});

beforeEach(async () => {
	await freshSandbox();
});

describe("request counters and log", () => {
	it("counts API calls by status, account and route; control calls are not counted", async () => {
		const listingId = (await api(viaFetch, token, "GET", "/listings?limit=1")).body.result[0].id;
		await api(viaFetch, token, "GET", `/listings/${listingId}`);
		await api(viaFetch, token, "GET", "/listings/1");
		await api(viaFetch, otherToken, "GET", "/reservations?limit=1");
		await control("GET", "/settings");
		const { status, body } = await control("GET", "/stats");
		expect(status).toBe(200);
		expect(body).toEqual({
			total: 4,
			byStatus: { "200": 3, "404": 1 },
			byAccount: { "100001": 3, "100002": 1 },
			byRoute: { "GET /listings": 1, "GET /listings/{listingId}": 2, "GET /reservations": 1 },
		});
	});

	it("logs method, path, query, account, status and time, newest last, never the token or body", async () => {
		const extra = await issueToken(viaFetch, DEMO);
		await viaFetch(`/v1/accessTokens?token=${encodeURIComponent(extra)}`, { method: "DELETE" });
		await api(viaFetch, token, "GET", "/reservations?limit=2&listingId=5");
		const conversation = (await api(viaFetch, token, "GET", "/conversations?limit=1")).body.result[0];
		await api(viaFetch, token, "POST", `/conversations/${conversation.id}/messages`, { body: "secret door code 4242" });

		const log = await control("GET", "/log?limit=3");
		expect(log.status).toBe(200);
		const entries = log.body as LogEntry[];
		expect(entries.map((entry) => `${entry.method} ${entry.path}`)).toEqual([
			"GET /v1/reservations",
			"GET /v1/conversations",
			`POST /v1/conversations/${conversation.id}/messages`,
		]);
		expect(entries[0]).toMatchObject({ query: { limit: "2", listingId: "5" }, accountId: "100001", status: 200 });
		expect(Date.parse(entries[0]?.at ?? "")).not.toBeNaN();

		const everything = JSON.stringify(await sandboxLog());
		expect(everything).toContain("DELETE");
		expect(everything).not.toContain(extra);
		expect(everything).not.toContain(token);
		expect(everything).not.toContain("4242");
		expect(everything).not.toContain("sandbox-demo-key");
	});

	it("clears log and counters with DELETE /control/log", async () => {
		await api(viaFetch, token, "GET", "/listings?limit=1");
		expect(await control("DELETE", "/log")).toEqual({ status: 200, body: { cleared: true } });
		expect((await control("GET", "/log")).body).toEqual([]);
		expect((await control("GET", "/stats")).body).toEqual({ total: 0, byStatus: {}, byAccount: {}, byRoute: {} });
	});

	it("answers unknown control endpoints with 404 and bad bodies with 400", async () => {
		expect((await control("GET", "/nope", undefined, { allowErrors: true })).status).toBe(404);
		const bad = await viaFetch("/control/latency", { method: "PUT", body: "{not json" });
		expect(bad.status).toBe(400);
		expect((await control("GET", "/log?limit=0", undefined, { allowErrors: true })).status).toBe(400);
	});
});

describe("reset", () => {
	it("restores the seed: writes disappear and the portfolio is the same as before", async () => {
		const before = (await api(viaFetch, token, "GET", "/reservations?limit=2000")).body;
		const listing = (await api(viaFetch, token, "GET", "/listings?limit=1")).body.result[0];
		const created = await api(viaFetch, token, "POST", "/reservations", {
			channelId: 2000,
			listingMapId: listing.id,
			arrivalDate: "2031-01-10",
			departureDate: "2031-01-12",
		});
		expect(created.status).toBe(200);
		expect((await api(viaFetch, token, "GET", "/reservations?limit=2000")).body.count).toBe(before.count + 1);

		expect(await control("POST", "/reset", { accountId: "100001" })).toEqual({ status: 200, body: { reset: ["100001"] } });
		const after = (await api(viaFetch, token, "GET", "/reservations?limit=2000")).body;
		expect(after.count).toBe(before.count);
		expect((await api(viaFetch, token, "GET", `/reservations/${created.body.result.id}`)).status).toBe(404);
		const ids = (body: { result: { id: number }[] }) => body.result.map((r) => r.id).sort();
		expect(ids(after)).toEqual(ids(before));
	});

	it("resets only the named account", async () => {
		const listing = (await api(viaFetch, otherToken, "GET", "/listings?limit=1")).body.result[0];
		const created = (
			await api(viaFetch, otherToken, "POST", "/reservations", {
				channelId: 2000,
				listingMapId: listing.id,
				arrivalDate: "2031-02-10",
				departureDate: "2031-02-12",
			})
		).body.result;
		await control("POST", "/reset", { accountId: "100001" });
		expect((await api(viaFetch, otherToken, "GET", `/reservations/${created.id}`)).status).toBe(200);
		await control("POST", "/reset", {});
		expect((await api(viaFetch, otherToken, "GET", `/reservations/${created.id}`)).status).toBe(404);
		expect((await control("POST", "/reset", { accountId: "555" }, { allowErrors: true })).status).toBe(400);
	});
});
