/**
 * walkReservations (daily_briefing, occupancy_report) walks Hostaway's reservation pages with
 * the `afterId` cursor, never `offset`, sending the same filters and order on every page.
 */
import { beforeEach, describe, expect, it } from "vitest";
import { PAGE_SIZE } from "../../src/operations/shared/listings";
import { MAX_WALK_RESERVATIONS, walkReservations } from "../../src/operations/shared/reservation-walk";
import { DEMO, clearSandboxLog, freshSandbox, sandboxLog } from "../helpers/sandbox";
import { sandboxReservations } from "../helpers/sandbox-records";
import { clientFor } from "../hostaway/harness";

beforeEach(async () => {
	await freshSandbox();
});

describe("walkReservations", () => {
	it("reads every page by afterId (the last id of the page before), with the same filters and order", async () => {
		const expected = await sandboxReservations();
		expect(expected.length, "the seed needs more than one page").toBeGreaterThan(PAGE_SIZE);
		expect(expected.length, "the seed is larger than one walk reads").toBeLessThanOrEqual(MAX_WALK_RESERVATIONS);
		await clearSandboxLog();

		const client = clientFor(DEMO, { rateBudget: { limit: 500 }, cache: false });
		const { reservations, complete, ended } = await walkReservations(
			client,
			{ sortOrder: "arrivalDate" },
			{ deadline: Date.now() + 60_000 },
		);
		expect(complete).toBe(true);
		expect(ended).toBe("end-of-list");
		expect(reservations.map((r) => r.id).sort((a, b) => a - b)).toEqual(expected.map((r) => r.id).sort((a, b) => a - b));

		const reads = (await sandboxLog()).filter((entry) => entry.method === "GET" && entry.path === "/v1/reservations");
		expect(reads).toHaveLength(Math.ceil(expected.length / PAGE_SIZE));
		expect(reads[0]?.query).not.toHaveProperty("afterId");
		for (const [i, read] of reads.entries()) {
			expect(read.query).not.toHaveProperty("offset");
			expect(read.query).toMatchObject({ sortOrder: "arrivalDate", limit: String(PAGE_SIZE) });
			if (i > 0) expect(read.query.afterId).toBe(String(reservations[i * PAGE_SIZE - 1]?.id));
		}
	});
});
