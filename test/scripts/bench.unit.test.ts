/**
 * The pure parts of `npm run bench` (scripts/bench/): percentiles, the busiest window of the
 * sandbox's request log, Markdown tables, and the replacement of README's generated block
 * between its markers. The bench itself (servers, timings) is never run by `npm test`.
 */
import { describe, expect, it } from "vitest";
import { endMarker, markdownTable, replaceBetweenMarkers, startMarker } from "../../scripts/bench/markdown.mjs";
import { maxInAnyWindow, percentile, summarize } from "../../scripts/bench/measure.mjs";
import { routesText, upstreamCostTable } from "../../scripts/bench/report.mjs";

const at = (ms: number) => new Date(Date.UTC(2028, 1, 29, 12, 0, 0) + ms).toISOString();
const line = (ms: number, accountId: string | null = "100001", status = 200) => ({ accountId, receivedAt: at(ms), status });

describe("bench arithmetic", () => {
	it("takes percentiles by nearest rank, whatever the order of the timings", () => {
		const timings = [50, 10, 40, 20, 30, 60, 70, 80, 90, 100];
		expect(percentile(timings, 50)).toBe(50);
		expect(percentile(timings, 95)).toBe(100);
		expect(percentile([7], 95)).toBe(7);
		expect(percentile([], 50)).toBeNaN();
		expect(summarize([3.14159, 1, 2])).toEqual({ count: 3, medianMs: 2, p95Ms: 3.1, maxMs: 3.1 });
		expect(summarize([])).toEqual({ count: 0, medianMs: null, p95Ms: null, maxMs: null });
	});

	it("finds the most requests of one account in any sliding window, an entry exactly a window later in the next one", () => {
		const log = [line(0), line(4_000), line(9_999), line(10_000), line(10_001), line(12_000, "100002"), line(25_000), line(3_000, null)];
		expect(maxInAnyWindow(log, { accountId: "100001", windowMs: 10_000 })).toBe(4);
		expect(maxInAnyWindow(log, { accountId: "100002", windowMs: 10_000 })).toBe(1);
		expect(maxInAnyWindow(log, { accountId: "100001", windowMs: 1_000 })).toBe(3);
		expect(maxInAnyWindow(log, { accountId: "100001", windowMs: 2 })).toBe(2);
		expect(maxInAnyWindow([], { accountId: "100001" })).toBe(0);
	});

	it("counts from a moment on and by status when asked: what an account sent after adapting, and what was admitted", () => {
		const log = [
			line(0, "100001", 429),
			line(100, "100001", 429),
			line(200),
			line(9_000),
			line(10_500),
			line(11_000),
			line(19_000, "100001", 429),
		];
		const admitted = (status: number) => status !== 429;
		expect(maxInAnyWindow(log, { accountId: "100001" })).toBe(4);
		expect(maxInAnyWindow(log, { accountId: "100001", fromMs: Date.parse(at(10_000)) })).toBe(3);
		expect(maxInAnyWindow(log, { accountId: "100001", statuses: admitted })).toBe(3);
		expect(maxInAnyWindow(log, { accountId: "100001", fromMs: Date.parse(at(10_000)), statuses: admitted })).toBe(2);
	});
});

describe("bench Markdown", () => {
	it("writes a table with right-aligned number columns, escaped pipes and a dash for missing values", () => {
		const table = markdownTable(
			["tool", "cold"],
			[
				["`a|b`", 2],
				["x", null],
			],
			["left", "right"],
		);
		expect(table.split("\n")).toEqual(["| tool | cold |", "| --- | ---: |", "| `a\\|b` | 2 |", "| x | — |"]);
	});

	it("replaces only what lies between README's markers, keeping them and everything around them", () => {
		const readme = `# Title\n\nBefore.\n${startMarker("bench:x")}\nold table\n${endMarker("bench:x")}\nAfter.\n`;
		const once = replaceBetweenMarkers(readme, "bench:x", "| new |\n");
		expect(once).toBe(`# Title\n\nBefore.\n<!-- bench:x:start -->\n\n| new |\n\n<!-- bench:x:end -->\nAfter.\n`);
		expect(replaceBetweenMarkers(once, "bench:x", "| new |")).toBe(once);
	});

	it("refuses a document whose markers are missing, doubled or out of order, rather than appending", () => {
		expect(() => replaceBetweenMarkers("no markers", "bench:x", "t")).toThrow(/not both in the document/);
		const doubled = `${startMarker("bench:x")}${startMarker("bench:x")}${endMarker("bench:x")}`;
		expect(() => replaceBetweenMarkers(doubled, "bench:x", "t")).toThrow(/once each/);
		expect(() => replaceBetweenMarkers(`${endMarker("bench:x")}${startMarker("bench:x")}`, "bench:x", "t")).toThrow(/comes before/);
	});

	it("shows each tool's cold and warm upstream requests and the endpoints a cold call used", () => {
		const table = upstreamCostTable([
			{
				tool: "get_calendar",
				step: "call",
				upstreamCold: 2,
				upstreamWarm: 0,
				coldRoutes: { "GET /listings/{listingId}": 1, "GET /listings/{listingId}/calendar": 1 },
			},
			{
				tool: "list_conversations",
				step: "call",
				upstreamCold: 3,
				upstreamWarm: 0.5,
				coldRoutes: { "GET /conversations": 2, "GET /listings": 1 },
			},
			{ tool: "create_booking", step: "confirm", upstreamCold: 2, upstreamWarm: null, coldRoutes: { "POST /reservations": 1 } },
			{ tool: "get_audit_log", step: "call", upstreamCold: 0, upstreamWarm: 0, coldRoutes: {} },
		]);
		expect(table.split("\n").slice(2)).toEqual([
			"| `get_calendar` | 2 | 0 | GET /listings/{listingId}, GET /listings/{listingId}/calendar |",
			"| `list_conversations` | 3 | 0.5 | GET /conversations ×2, GET /listings |",
			"| `create_booking` (confirm) | 2 | — | POST /reservations |",
			"| `get_audit_log` | 0 | 0 | none |",
		]);
		expect(routesText(undefined)).toBe("");
	});
});
