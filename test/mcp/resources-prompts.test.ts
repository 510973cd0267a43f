import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { LoggingMessageNotificationSchema } from "@modelcontextprotocol/sdk/types.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { businessToday, plusDays } from "../helpers/business-date";
import { freshSandbox } from "../helpers/sandbox";
import { type SandboxListing, type SandboxReservation, sandboxGetAll, sandboxListings } from "../helpers/sandbox-records";
import { callToolOk, connectMcpClient } from "../helpers/tools";

describe("resources, prompts, completions and logging", () => {
	let client: Client;
	let listings: SandboxListing[];

	beforeAll(async () => {
		await freshSandbox();
		client = await connectMcpClient();
		listings = await sandboxListings();
	});
	afterAll(async () => {
		await client.close();
	});

	it("declares the capabilities", () => {
		const capabilities = client.getServerCapabilities();
		expect(capabilities).toHaveProperty("resources");
		expect(capabilities).toHaveProperty("prompts");
		expect(capabilities).toHaveProperty("completions");
		expect(capabilities).toHaveProperty("logging");
	});

	it("lists the listing index and one resource per listing, and both templates", async () => {
		const { resources } = await client.listResources();
		expect(resources.map((r) => r.uri)).toContain("hostaway://listings");
		const listingUris = resources.filter((r) => /^hostaway:\/\/listings\/\d+$/.test(r.uri));
		expect(listingUris.map((r) => r.uri).sort()).toEqual(listings.map((l) => `hostaway://listings/${l.id}`).sort());
		const { resourceTemplates } = await client.listResourceTemplates();
		expect(resourceTemplates.map((t) => t.uriTemplate).sort()).toEqual([
			"hostaway://bookings/{bookingId}",
			"hostaway://listings/{listingId}",
		]);
	});

	it("offers the prompts, with arguments", async () => {
		const { prompts } = await client.listPrompts();
		expect(prompts.map((p) => p.name)).toEqual(expect.arrayContaining(["daily_ops_briefing", "reply_to_guest", "book_a_stay"]));
		const reply = await client.getPrompt({ name: "reply_to_guest", arguments: { bookingId: "12345" } });
		const text = (reply.messages[0]?.content as { text: string }).text;
		expect(text).toContain("12345");
		expect(text).toContain("get_message_history");
	});

	it("completes listing ids from part of a name or an id", async () => {
		const target = listings[0]!;
		const word = target.name.split(/\s+/).find((w) => w.length > 3)!;
		const byName = await client.complete({
			ref: { type: "ref/prompt", name: "book_a_stay" },
			argument: { name: "listingId", value: word.toLowerCase() },
		});
		expect(byName.completion.values).toContain(String(target.id));
		for (const value of byName.completion.values) {
			const listing = listings.find((l) => String(l.id) === value)!;
			expect(listing.name.toLowerCase()).toContain(word.toLowerCase());
		}
		const byId = await client.complete({
			ref: { type: "ref/resource", uri: "hostaway://listings/{listingId}" },
			argument: { name: "listingId", value: String(target.id) },
		});
		expect(byId.completion.values).toEqual([String(target.id)]);
	});

	it("completes booking ids for upcoming stays", async () => {
		const result = await client.complete({
			ref: { type: "ref/prompt", name: "reply_to_guest" },
			argument: { name: "bookingId", value: "" },
		});
		expect(result.completion.values.length).toBeGreaterThan(0);
		expect(result.completion.values.every((value) => /^\d+$/.test(value))).toBe(true);
		// Each is a booking arriving from a week ago to a month ahead (the business date, UTC).
		const today = businessToday();
		const around = await sandboxGetAll<SandboxReservation>(
			`/reservations?arrivalStartDate=${plusDays(today, -7)}&arrivalEndDate=${plusDays(today, 30)}`,
		);
		const ids = new Set(around.map((reservation) => String(reservation.id)));
		expect(result.completion.values.filter((value) => !ids.has(value))).toEqual([]);
	});

	it("honours the logging level the client sets", async () => {
		const received: Array<{ level: string; data: unknown }> = [];
		client.setNotificationHandler(LoggingMessageNotificationSchema, (notification) => {
			received.push({ level: notification.params.level, data: notification.params.data });
		});
		await client.setLoggingLevel("debug");
		await callToolOk(client, "whoami");
		expect(received.some((m) => m.level === "debug" && (m.data as { tool?: string }).tool === "whoami")).toBe(true);

		received.length = 0;
		await client.setLoggingLevel("error");
		await callToolOk(client, "whoami");
		expect(received).toEqual([]);
	});
});
