/**
 * No secret in any output of any tool: door codes, Wi-Fi names and passwords, guest-portal
 * links and Hostaway credentials never reach the model, whichever tool, resource or write
 * preview it uses. The sandbox's automated check-in messages contain the door code and Wi-Fi
 * password in their text, as real ones do, so message tools are tested on such a thread.
 *
 * Each group of outputs (reads, write previews, resources) is collected once per file, by the
 * first test that needs it, so every test also checks something when it runs alone.
 */
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { businessToday, plusDays } from "../helpers/business-date";
import { expectNoSecrets, listingSecrets } from "../helpers/output-checks";
import { DEMO, freshSandbox } from "../helpers/sandbox";
import {
	type SandboxReservation,
	sandboxConversations,
	sandboxGet,
	sandboxGetAll,
	sandboxListings,
	sandboxMessages,
} from "../helpers/sandbox-records";
import { callWithBudget, connectMcpClient, type ToolResult } from "../helpers/tools";

/** A date `offset` days from the business date (UTC). */
const day = (offset: number) => plusDays(businessToday(), offset);

interface Output {
	what: string;
	raw: string;
	/** Characters of the tool result's Markdown and of its structured content (resources: none). */
	text: number;
	structured: number;
	result?: ToolResult;
}

describe("no secret in any output", () => {
	let client: Client;
	let secrets: string[];
	/** A booking whose conversation holds the automated check-in instructions (door code, Wi-Fi). */
	let instructedBookingId: number;
	let listingId: number;

	beforeAll(async () => {
		await freshSandbox();
		client = await connectMcpClient();
		const listings = await sandboxListings();
		const reservations = await sandboxGetAll<SandboxReservation>(`/reservations?arrivalStartDate=${day(-20)}&arrivalEndDate=${day(20)}`);
		// A reservation's door code is the end of the guest's phone number, which tools show on
		// purpose; its guest-portal link is the reservation's secret.
		secrets = [
			...listingSecrets(listings),
			...reservations.map((reservation) => reservation.guestPortalUrl).filter((url): url is string => !!url),
			DEMO.apiKey,
		];
		expect(secrets.length).toBeGreaterThan(listings.length);

		for (const conversation of await sandboxConversations()) {
			const messages = await sandboxMessages(conversation.id);
			if (messages.some((message) => message.body?.includes("Door code:"))) {
				instructedBookingId = conversation.reservationId;
				break;
			}
		}
		expect(instructedBookingId, "a thread with the check-in instructions").toBeDefined();
		listingId = (await sandboxGet<SandboxReservation>(`/reservations/${instructedBookingId}`)).listingMapId;
	});
	afterAll(async () => {
		await client.close();
	});

	async function record(what: string, name: string, args: Record<string, unknown>): Promise<Output> {
		const result = await callWithBudget(client, name, args);
		return { what, raw: result.raw, text: result.text.length, structured: JSON.stringify(result.data ?? {}).length, result };
	}

	const collected = new Map<string, Promise<Output[]>>();
	/** Collects a group of outputs the first time it is asked for; later tests reuse it. */
	function once(group: string, collect: () => Promise<Output[]>): Promise<Output[]> {
		if (!collected.has(group)) collected.set(group, collect());
		return collected.get(group)!;
	}

	/** Every read tool on the listing and booking whose thread holds check-in instructions. */
	const reads = () =>
		once("reads", async () => [
			await record("whoami", "whoami", {}),
			await record("list_listings", "list_listings", { limit: 100 }),
			await record("get_listing", "get_listing", { listingId }),
			await record("get_calendar", "get_calendar", { listingId }),
			await record("check_availability", "check_availability", { listingId, arrival: day(60), departure: day(63), guests: 2 }),
			await record("find_available_listings", "find_available_listings", { arrival: day(60), departure: day(63), guests: 2 }),
			await record("search_bookings", "search_bookings", { listingId, arrivalFrom: day(-20), arrivalTo: day(20) }),
			await record("get_booking", "get_booking", { bookingId: instructedBookingId }),
			await record("get_guest", "get_guest", { bookingId: instructedBookingId }),
			await record("get_message_history", "get_message_history", { bookingId: instructedBookingId }),
			await record("list_conversations", "list_conversations", { includeAll: true }),
			await record("daily_briefing", "daily_briefing", {}),
			await record("occupancy_report", "occupancy_report", { start: day(-30), end: day(-1) }),
		]);

	/** Every write tool's preview (nothing is confirmed). */
	const writes = () =>
		once("writes", async () => [
			await record("create_booking preview", "create_booking", {
				listingId,
				arrival: day(200),
				departure: day(203),
				guestName: "Secret Sweep",
				adults: 1,
				allowOverbooking: true,
			}),
			await record("update_booking preview", "update_booking", { bookingId: instructedBookingId, hostNote: "Check the smoke alarm" }),
			await record("cancel_booking preview", "cancel_booking", { bookingId: instructedBookingId, cancelledBy: "host" }),
			await record("update_calendar preview", "update_calendar", { listingId, startDate: day(210), availability: "block" }),
			await record("send_guest_message preview", "send_guest_message", { bookingId: instructedBookingId, message: "See you soon!" }),
		]);

	/** A listing, a booking and the listing index, as resources. */
	const resources = () =>
		once("resources", async () => {
			const outputs: Output[] = [];
			for (const uri of [`hostaway://listings/${listingId}`, `hostaway://bookings/${instructedBookingId}`, "hostaway://listings"]) {
				outputs.push({ what: uri, raw: JSON.stringify(await client.readResource({ uri })), text: 0, structured: 0 });
			}
			return outputs;
		});

	it("reads: every read tool on the listing and booking whose thread holds check-in instructions", async () => {
		const outputs = await reads();
		expect(outputs.filter((output) => output.result?.isError).map((output) => `${output.what}: ${output.result?.text}`)).toEqual([]);
		const history = outputs.find((output) => output.what === "get_message_history")!;
		expect(history.result?.text).toContain("Door code");
	});

	it("writes: every write tool's preview", async () => {
		const previews = await writes();
		expect(previews.filter((o) => !o.raw.includes('"status":"preview"')).map((o) => `${o.what}: ${o.raw.slice(0, 300)}`)).toEqual([]);
	});

	it("resources: a listing and a booking", async () => {
		const outputs = await resources();
		expect(outputs.filter((output) => output.raw.includes('"isError":true')).map((output) => output.what)).toEqual([]);
	});

	it("keeps every result within the ~20,000-character budget, even the widest lists", async () => {
		const sizes = [...(await reads()), ...(await writes())];
		expect(sizes.length).toBeGreaterThan(0);
		expect(sizes.filter((size) => size.text > 20_000 || size.structured > 20_000).map((size) => size.what)).toEqual([]);
	});

	it("none of the outputs contains a door code, Wi-Fi credential, guest-portal link or API key", async () => {
		const outputs = [...(await reads()), ...(await writes()), ...(await resources())];
		expect(outputs.length).toBeGreaterThanOrEqual(21);
		const leaks = outputs.flatMap(({ what, raw }) =>
			secrets.filter((secret) => raw.includes(secret)).map((secret) => `${what}: ${secret}`),
		);
		expect(leaks).toEqual([]);
		expectNoSecrets(
			outputs.map((output) => output.raw),
			secrets,
		);
	});
});
