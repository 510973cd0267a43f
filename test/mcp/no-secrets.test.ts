/**
 * No secret in any output of any tool: door codes, Wi-Fi names and passwords, guest-portal
 * links and Hostaway credentials never reach the model, whichever tool, resource or write
 * preview it uses. The sandbox's automated check-in messages contain the door code and Wi-Fi
 * password in their text, as real ones do, so message tools are tested on such a thread.
 */
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { callWithBudget, connectMcpClient, freshSandbox, sandboxGet, sandboxGetAll } from "../helpers/tools";

interface SandboxListing {
	id: number;
	doorSecurityCode: string | null;
	wifiUsername: string | null;
	wifiPassword: string | null;
}
interface SandboxReservation {
	id: number;
	listingMapId: number;
	status: string;
	arrivalDate: string;
	doorCode: string | null;
	guestPortalUrl: string | null;
}
interface SandboxConversation {
	id: number;
	reservationId: number;
}
interface SandboxMessage {
	body: string | null;
}

const isoDay = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

describe("no secret in any output", () => {
	let client: Client;
	let secrets: string[];
	/** A booking whose conversation holds the automated check-in instructions (door code, Wi-Fi). */
	let instructedBookingId: number;
	let listingId: number;
	let outputs: Array<{ what: string; raw: string }>;
	/** Characters of each tool result's Markdown and of its structured content. */
	let sizes: Array<{ what: string; text: number; structured: number }>;

	beforeAll(async () => {
		await freshSandbox();
		client = await connectMcpClient();
		const listings = await sandboxGetAll<SandboxListing>("/listings");
		const reservations = await sandboxGetAll<SandboxReservation>(
			`/reservations?arrivalStartDate=${isoDay(-20)}&arrivalEndDate=${isoDay(20)}`,
		);
		secrets = [
			...listings.flatMap((l) => [l.doorSecurityCode, l.wifiUsername, l.wifiPassword]),
			...reservations.map((r) => r.guestPortalUrl),
			"sandbox-demo-key-100001",
		].filter((value): value is string => typeof value === "string" && value.length >= 4);
		expect(secrets.length).toBeGreaterThan(listings.length);

		const conversations = await sandboxGetAll<SandboxConversation>("/conversations");
		for (const conversation of conversations) {
			const messages = await sandboxGet<SandboxMessage[]>(`/conversations/${conversation.id}/messages?limit=100`);
			if (messages.some((m) => m.body?.includes("Door code:"))) {
				instructedBookingId = conversation.reservationId;
				break;
			}
		}
		expect(instructedBookingId).toBeDefined();
		const instructed = (await sandboxGet<SandboxReservation>(`/reservations/${instructedBookingId}`))!;
		listingId = instructed.listingMapId;
		outputs = [];
		sizes = [];
	});
	afterAll(async () => {
		await client.close();
	});

	async function record(what: string, name: string, args: Record<string, unknown>) {
		const result = await callWithBudget(client, name, args);
		outputs.push({ what, raw: result.raw });
		sizes.push({ what, text: result.text.length, structured: JSON.stringify(result.data ?? {}).length });
		return result;
	}

	it("reads: every read tool on the listing and booking whose thread holds check-in instructions", async () => {
		await record("whoami", "whoami", {});
		await record("list_listings", "list_listings", { limit: 100 });
		await record("get_listing", "get_listing", { listingId });
		await record("get_calendar", "get_calendar", { listingId });
		await record("check_availability", "check_availability", { listingId, arrival: isoDay(60), departure: isoDay(63), guests: 2 });
		await record("find_available_listings", "find_available_listings", { arrival: isoDay(60), departure: isoDay(63), guests: 2 });
		await record("search_bookings", "search_bookings", { listingId, arrivalFrom: isoDay(-20), arrivalTo: isoDay(20) });
		await record("get_booking", "get_booking", { bookingId: instructedBookingId });
		await record("get_guest", "get_guest", { bookingId: instructedBookingId });
		const history = await record("get_message_history", "get_message_history", { bookingId: instructedBookingId });
		expect(history.isError, history.text).toBe(false);
		expect(history.text).toContain("Door code");
		await record("list_conversations", "list_conversations", { includeAll: true });
		await record("daily_briefing", "daily_briefing", {});
		await record("occupancy_report", "occupancy_report", { start: isoDay(-30), end: isoDay(-1) });
		expect(outputs.filter((o) => o.raw.includes('"isError":true')).map((o) => o.what)).toEqual([]);
	});

	it("writes: every write tool's preview", async () => {
		await record("create_booking preview", "create_booking", {
			listingId,
			arrival: isoDay(200),
			departure: isoDay(203),
			guestName: "Secret Sweep",
			adults: 1,
			allowOverbooking: true,
		});
		await record("update_booking preview", "update_booking", { bookingId: instructedBookingId, hostNote: "Check the smoke alarm" });
		await record("cancel_booking preview", "cancel_booking", { bookingId: instructedBookingId, cancelledBy: "host" });
		await record("update_calendar preview", "update_calendar", { listingId, startDate: isoDay(210), availability: "block" });
		await record("send_guest_message preview", "send_guest_message", { bookingId: instructedBookingId, message: "See you soon!" });
		const previews = outputs.filter((o) => o.what.endsWith("preview"));
		expect(previews.filter((o) => !o.raw.includes('"status":"preview"')).map((o) => `${o.what}: ${o.raw.slice(0, 300)}`)).toEqual([]);
	});

	it("resources: a listing and a booking", async () => {
		for (const uri of [`hostaway://listings/${listingId}`, `hostaway://bookings/${instructedBookingId}`, "hostaway://listings"]) {
			outputs.push({ what: uri, raw: JSON.stringify(await client.readResource({ uri })) });
		}
	});

	it("keeps every result within the ~20,000-character budget, even the widest lists", () => {
		expect(sizes.filter((size) => size.text > 20_000 || size.structured > 20_000)).toEqual([]);
	});

	it("none of the outputs contains a door code, Wi-Fi credential, guest-portal link or API key", () => {
		expect(outputs.length).toBeGreaterThanOrEqual(21);
		const leaks = outputs.flatMap(({ what, raw }) =>
			secrets.filter((secret) => raw.includes(secret)).map((secret) => `${what}: ${secret}`),
		);
		expect(leaks).toEqual([]);
	});
});
