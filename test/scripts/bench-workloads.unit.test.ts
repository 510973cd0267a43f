/**
 * The pure parts of the bench's issue-13 workloads (scripts/bench/): how a call's upstream
 * requests are grouped for their direct replay, ratios and floors, context sizes, tenants'
 * throughput and shared windows, comparing answers, and the targets' verdicts. The bench itself
 * is never run by `npm test`.
 */
import { describe, expect, it } from "vitest";
import { resultSizes, toolsListSizes } from "../../scripts/bench/context-size.mjs";
import { withoutMoments } from "../../scripts/bench/concurrency.mjs";
import { estimatedTokens, floorMs, ratio, requestWaves } from "../../scripts/bench/measure.mjs";
import { burstFigures, evaluateTargets } from "../../scripts/bench/targets.mjs";
import { maxAllAccountsInAnyWindow, throughputPerSecond } from "../../scripts/bench/tenants.mjs";

const T0 = Date.UTC(2028, 1, 29, 12, 0, 0);
const iso = (ms: number) => new Date(T0 + ms).toISOString();
const request = (path: string, sentMs: number, answeredMs: number) => ({ path, receivedAt: iso(sentMs), at: iso(answeredMs) });

describe("replaying a call's upstream requests", () => {
	it("sends together what the call sent before any of them answered, and after an answer what came after it", () => {
		const log = [
			request("/calendar", 105, 190),
			request("/listing", 0, 100),
			request("/calendar-2", 110, 220),
			request("/messages", 230, 300),
			request("/conversations", 230, 310),
		];
		expect(requestWaves(log).map((wave) => wave.map((entry) => entry.path))).toEqual([
			["/listing"],
			["/calendar", "/calendar-2"],
			["/messages", "/conversations"],
		]);
	});

	it("starts a new group at the very moment of an answer, and has none for no requests", () => {
		expect(requestWaves([request("/a", 0, 100), request("/b", 100, 200)]).length).toBe(2);
		expect(requestWaves([])).toEqual([]);
	});
});

describe("bench figures", () => {
	it("divides to two decimals, with no ratio for a missing or zero divisor", () => {
		expect(ratio(230, 200)).toBe(1.15);
		expect(ratio(1, 3)).toBe(0.33);
		expect(ratio(5, 0)).toBeNull();
		expect(ratio(null, 2)).toBeNull();
		expect(ratio(2, undefined)).toBeNull();
	});

	it("puts the floor of a burst at one window per limit's worth of requests after the first", () => {
		expect(floorMs(0, 200)).toBe(0);
		expect(floorMs(200, 200)).toBe(0);
		expect(floorMs(201, 200)).toBe(10_000);
		expect(floorMs(400, 200)).toBe(10_000);
		expect(floorMs(401, 200, 5_000)).toBe(10_000);
	});

	it("estimates tokens as characters / 4, rounded up", () => {
		expect(estimatedTokens(0)).toBe(0);
		expect(estimatedTokens(4)).toBe(1);
		expect(estimatedTokens(5)).toBe(2);
	});

	it("gives a tenant's throughput in answered calls per second", () => {
		expect(throughputPerSecond(100, 4_000)).toBe(25);
		expect(throughputPerSecond(1, 3_000)).toBe(0.33);
		expect(throughputPerSecond(5, 0)).toBeNull();
	});

	it("counts every account's requests together for the shared address's window, leaving out calls of no account", () => {
		const line = (ms: number, accountId: string | null) => ({ accountId, receivedAt: iso(ms), status: 200 });
		const log = [line(0, "100001"), line(1_000, "100002"), line(9_000, "100003"), line(9_500, null), line(12_000, "100001")];
		expect(maxAllAccountsInAnyWindow(log)).toBe(3);
		expect(maxAllAccountsInAnyWindow(log, 20_000)).toBe(4);
	});

	it("compares two answers without the moment each was made, at any depth", () => {
		expect(withoutMoments({ asOf: "t1", threads: [{ id: 1, asOf: "t2" }], n: null })).toEqual({ threads: [{ id: 1 }], n: null });
	});
});

describe("context sizes", () => {
	it("measures each tools/list entry's parts and the whole answer", () => {
		const listed = { tools: [{ name: "a", description: "four", inputSchema: { type: "object" }, outputSchema: undefined }] };
		const sizes = toolsListSizes(listed);
		expect(sizes.tools).toEqual([{ tool: "a", descriptionChars: 4, inputSchemaChars: 17, outputSchemaChars: 0, chars: 65, tokens: 17 }]);
		expect(sizes.totalChars).toBe(JSON.stringify(listed).length);
	});

	it("sets each answer against its raw payloads and marks the list tools", () => {
		const rows = resultSizes([
			{ tool: "list_listings", kind: "read", context: { textChars: 300, structuredChars: 280, rawChars: 3_000 } },
			{ tool: "get_audit_log", kind: "read", context: { textChars: 50, structuredChars: 40, rawChars: 0 } },
		]);
		expect(rows[0]).toMatchObject({ textTokens: 75, rawTokens: 750, textShareOfRaw: 0.1, isList: true });
		expect(rows[1]).toMatchObject({ textShareOfRaw: null, isList: false });
	});
});

describe("targets", () => {
	const tool = (name: string, missRatio: number | null, hitShareOfMiss: number, p95: number, kind = "read") => ({
		tool: name,
		kind,
		upstreamPerMiss: missRatio === null ? [0] : [2],
		missRatio,
		hitShareOfMiss,
		hit: { p95Ms: p95 },
	});
	const burstRun = (answered: number, requests: number, rateLimited: number, maxIn10s: number) => ({
		scenario: "burst-400",
		profile: "documented",
		calls: 400,
		sessions: 20,
		answered,
		wallMs: 14_000,
		upstream: { "100001": { requests, rateLimited, maxIn10s } },
	});

	it("are met when every tool, run and window is within them", () => {
		const results = {
			toolOverhead: [
				tool("get_listing", 1.1, 0.15, 90),
				tool("get_audit_log", null, 0.5, 20),
				tool("update_booking", 1.2, 0.1, 900, "preview"),
			],
			rateLimits: [burstRun(400, 260, 0, 190)],
			concurrency: { calls: 300, answeredCorrectly: 300, upstream429: 0 },
			tenants: {
				tenants: [
					{
						accountId: "100002",
						alone: { upstream: { maxIn10s: 100 } },
						together: { calls: 100, answered: 100, upstream: { maxIn10s: 120 } },
					},
				],
				together: { maxAllAccountsIn10s: 185, upstream429: 0 },
			},
			contextSize: { results: [{ tool: "list_listings", isList: true, textShareOfRaw: 0.12 }] },
			bundle: { gzipBytes: 400_000 },
			coverage: { statements: 94.04, branches: 81.14, functions: 96.05, lines: 96.21, measuredAt: "2026-12-01T19:00:00.000Z" },
		};
		const verdicts = Object.fromEntries(evaluateTargets(results).map((row) => [row.id, row.met]));
		// get_audit_log makes no upstream request: no ratio, and no cache whose hit would count. update_booking's preview is over 1.15×.
		expect(verdicts).toEqual({
			missRatio: false,
			hitShare: true,
			warmP95: true,
			noFailures: true,
			budget: true,
			address: true,
			listShare: true,
			coverage: true,
			bundle: true,
		});
	});

	it("names what missed them, and says what was not measured", () => {
		const results = {
			toolOverhead: [tool("get_listing", 1.3, 0.1, 600)],
			rateLimits: [burstRun(398, 300, 2, 195)],
			contextSize: { results: [{ tool: "search_bookings", isList: true, textShareOfRaw: 0.4 }] },
		};
		const rows = Object.fromEntries(evaluateTargets(results).map((row) => [row.id, row]));
		expect(rows.missRatio).toMatchObject({ met: false, measured: "highest 1.3×; over: get_listing" });
		expect(rows.warmP95?.met).toBe(false);
		expect(rows.noFailures).toMatchObject({ met: false, measured: "2 failed, 2 upstream 429s (only W3 measured)" });
		expect(rows.budget).toMatchObject({ met: false, measured: "most 195; over: W3" });
		expect(rows.address).toMatchObject({ met: null, measured: "not measured" });
		const shared = evaluateTargets({
			tenants: {
				tenants: [{ accountId: "100003", together: { calls: 100, answered: 62, upstream: { maxIn10s: 190 } } }],
				together: { maxAllAccountsIn10s: 614, upstream429: 414 },
			},
		}).find((row) => row.id === "address");
		expect(shared).toMatchObject({ met: false, measured: "38, 414, 614" });
		expect(rows.listShare).toMatchObject({ met: false, measured: "search_bookings 40 %" });
		expect(rows.bundle).toBeUndefined();
		expect(rows.coverage).toMatchObject({ met: null, measured: "not measured" });
		expect(evaluateTargets({}).every((row) => row.met === null && row.measured === "not measured")).toBe(true);
	});

	it("sets the 400-call burst against the floor Hostaway's limit allows for its admitted requests", () => {
		expect(burstFigures([burstRun(400, 410, 10, 200)])).toMatchObject({
			answeredShare: 1,
			upstream429: 10,
			floorMs: 10_000,
			overFloorMs: 4_000,
		});
		expect(burstFigures([{ ...burstRun(400, 10, 0, 10), profile: "legacy" }])).toBeNull();
		expect(burstFigures(undefined)).toBeNull();
	});
});
