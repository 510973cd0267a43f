/**
 * update_calendar never writes twice: a confirmed calendar change meets a fault that leaves its
 * outcome unknown (502 before processing, malformed JSON after processing, a hang past the
 * timeout), and the same confirmation sent again is refused, although setting the same values
 * again would be harmless. The sandbox's log shows one write request per confirmation.
 */
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { businessToday, plusDays } from "../../helpers/business-date";
import { freshSandbox } from "../../helpers/sandbox";
import { type SandboxListing, sandboxCalendar, sandboxListings } from "../../helpers/sandbox-records";
import { connectMcpClient } from "../../helpers/tools";
import { expectWrittenAtMostOnce, WRITE_FAULTS } from "../../helpers/write-faults";

let client: Client;
let listing: SandboxListing;

beforeAll(async () => {
	await freshSandbox();
	client = await connectMcpClient();
	const active = (await sandboxListings()).filter((candidate) => candidate.specialStatus !== "archived");
	expect(active.length).toBeGreaterThan(0);
	listing = active[0]!;
});
afterAll(async () => {
	await client.close();
});

describe("update_calendar", () => {
	it.each(WRITE_FAULTS.map((fault, index) => [fault.name, fault, index] as const))(
		"changes the dates at most once after %s, and refuses the same confirmation again",
		async (_name, fault, index) => {
			// A date of its own per case, weeks ahead in the listing's own calendar.
			const date = plusDays(businessToday(listing.timeZoneName), 40 + index);
			const note = `Deep clean (check ${index + 1})`;
			await expectWrittenAtMostOnce(
				client,
				{
					tool: "update_calendar",
					args: { listingId: listing.id, startDate: date, note },
					write: { method: "PUT", path: `/listings/${listing.id}/calendar` },
					async applied() {
						const [day] = await sandboxCalendar(listing.id, date, date);
						return day?.note === note;
					},
				},
				fault,
			);
		},
	);
});
