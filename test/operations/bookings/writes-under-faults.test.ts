/**
 * create_booking, update_booking and cancel_booking never write twice: each confirmed write
 * meets a fault that leaves its outcome unknown (502 before processing, malformed JSON after
 * processing, a hang past the timeout), and the same confirmation sent again is refused. The
 * sandbox's log shows one write request per confirmation and its data one change at most.
 */
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { businessToday, plusDays } from "../../helpers/business-date";
import { freshSandbox } from "../../helpers/sandbox";
import {
	type SandboxListing,
	type SandboxReservation,
	sandboxGet,
	sandboxGetAll,
	sandboxListings,
	sandboxReservations,
} from "../../helpers/sandbox-records";
import { connectMcpClient } from "../../helpers/tools";
import { expectWrittenAtMostOnce, WRITE_FAULTS } from "../../helpers/write-faults";
import { findFreeStays } from "../../helpers/stay-expectations";

let client: Client;
let listings: SandboxListing[];
let reservations: SandboxReservation[];

beforeAll(async () => {
	await freshSandbox();
	client = await connectMcpClient();
	listings = (await sandboxListings()).filter((listing) => listing.specialStatus !== "archived");
	reservations = await sandboxReservations();
});
afterAll(async () => {
	await client.close();
});

/** Direct bookings (changes are not refused as channel-managed) that have not started yet. */
function futureDirectBookings(): SandboxReservation[] {
	const today = businessToday("Pacific/Kiritimati");
	return reservations.filter(
		(r) => r.channelId === 2000 && ["new", "modified", "confirmed"].includes(r.status) && r.arrivalDate > plusDays(today, 2),
	);
}

describe("create_booking", () => {
	it.each(WRITE_FAULTS.map((fault, index) => [fault.name, fault, index] as const))(
		"creates at most one reservation after %s, and refuses the same confirmation again",
		async (_name, fault, index) => {
			const stay = (await findFreeStays(listings, WRITE_FAULTS.length))[index]!;
			const guestName = `Faultline Guest ${index + 1}`;
			await expectWrittenAtMostOnce(
				client,
				{
					tool: "create_booking",
					args: { listingId: stay.listing.id, arrival: stay.arrival, departure: stay.departure, guestName, adults: 2 },
					write: { method: "POST", path: "/reservations" },
					async applied() {
						const made = (await sandboxGetAll<SandboxReservation>(`/reservations?listingId=${stay.listing.id}`)).filter(
							(reservation) => reservation.guestName === guestName,
						);
						expect(made.length, "reservations made").toBeLessThanOrEqual(1);
						return made.length === 1;
					},
				},
				fault,
			);
		},
	);
});

describe("update_booking", () => {
	it.each(WRITE_FAULTS.map((fault, index) => [fault.name, fault, index] as const))(
		"changes the booking at most once after %s, and refuses the same confirmation again",
		async (_name, fault, index) => {
			const booking = futureDirectBookings()[0];
			expect(booking, "a direct booking that has not started").toBeDefined();
			const hostNote = `Gate code changes on Friday (check ${index + 1})`;
			await expectWrittenAtMostOnce(
				client,
				{
					tool: "update_booking",
					args: { bookingId: booking!.id, hostNote },
					write: { method: "PUT", path: `/reservations/${booking!.id}` },
					async applied() {
						return (await sandboxGet<SandboxReservation>(`/reservations/${booking!.id}`)).hostNote === hostNote;
					},
				},
				fault,
			);
		},
	);
});

describe("cancel_booking", () => {
	it.each(WRITE_FAULTS.map((fault, index) => [fault.name, fault, index] as const))(
		"cancels at most once after %s, and refuses the same confirmation again",
		async (_name, fault, index) => {
			// A booking of its own per case: one case's cancellation must not decide another's.
			const booking = futureDirectBookings()[index + 1];
			expect(booking, "enough direct bookings that have not started").toBeDefined();
			await expectWrittenAtMostOnce(
				client,
				{
					tool: "cancel_booking",
					args: { bookingId: booking!.id, cancelledBy: "host" },
					write: { method: "PUT", path: `/reservations/${booking!.id}/statuses/cancelled` },
					async applied() {
						return (await sandboxGet<SandboxReservation>(`/reservations/${booking!.id}`)).status === "cancelled";
					},
				},
				fault,
			);
		},
	);
});
