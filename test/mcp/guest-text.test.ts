/**
 * Guest text through every tool that shows it. The breakout corpus (test/helpers/breakout-corpus.ts)
 * is written the ways a guest reaches Hostaway: as messages in their threads (the sandbox's
 * control API, as the channel delivers them) and as the guest fields of bookings (name, phone,
 * city, country, language, guest note, comment; the sandbox's reservations API, as a channel
 * passes them on). Every result, its Markdown and its structured content alike, must show each
 * attempt whole (un-escaped it is exactly what the guest wrote), only inside fences that are
 * sound (no bracket or look-alike inside one, every opening tag closed before the next), never
 * outside a fence, and stay within the 20,000-character result budget.
 *
 * One sandbox setup for the file; each test calls one tool (or tool family) and checks all of
 * the corpus in its outputs.
 */
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type BreakoutAttempt, BREAKOUT_ATTEMPTS, SPLIT_TAG } from "../helpers/breakout-corpus";
import { businessToday, plusDays } from "../helpers/business-date";
import { splitFences } from "../helpers/output-checks";
import { control, freshSandbox } from "../helpers/sandbox";
import {
	sandboxConversations,
	sandboxListings,
	sandboxWrite,
	type SandboxConversation,
	type SandboxReservation,
} from "../helpers/sandbox-records";
import { callPatiently, connectMcpClient } from "../helpers/tools";

const BUDGET = 20_000;
/**
 * The bookings arrive on this many days, every other day, for one night: a briefing of one of
 * those days shows a few of them, as a busy day would (the briefing has no result budget of its
 * own yet, so twenty arrivals on one day would not fit).
 */
const ARRIVAL_DAYS = 4;
const CORPUS_EMAIL = "breakout.corpus@example.com";
const HOST_NOTE = "VIP: offer a late check-out <if asked>";
const ATTEMPTS = BREAKOUT_ATTEMPTS;
const N = ATTEMPTS.length;
/** The attempt `offset` places after the i-th, so every guest field of the bookings holds every attempt once. */
const attempt = (i: number, offset = 0) => (ATTEMPTS[(i + offset) % N] as BreakoutAttempt).text;

/** What a model sees of one result. */
interface Output {
	what: string;
	markdown: string;
	/** The structured content; resources have none. */
	structured?: unknown;
}

let client: Client;
let listingId: number;
/** The business date in the listing's time zone. */
let today: string;
/** The day booking i arrives. */
const arrivalDay = (i: number) => plusDays(today, 2 * (i % ARRIVAL_DAYS));
/**
 * Booking i: the guest's name is attempt i, phone i+1, city i+2, country i+3, language i+4, note
 * i+5, comment i+6; it arrives on day 2 × (i mod ARRIVAL_DAYS) from today, for one night.
 */
let bookings: number[];
/** A booking whose city and country hold the two halves of one tag. */
let splitBooking: number;
/** Conversation i: its booking's guest is named attempt i, and the guest's latest message is attempt i. */
let threads: SandboxConversation[];
/** A conversation where the guest wrote every attempt (subject: the next attempt), then the split tag as subject and body. */
let corpusThread: SandboxConversation;

beforeAll(async () => {
	await freshSandbox();
	client = await connectMcpClient();
	const listing = (await sandboxListings()).find((candidate) => candidate.specialStatus !== "archived");
	expect(listing, "an active listing").toBeDefined();
	listingId = listing!.id;
	today = businessToday(listing!.timeZoneName);

	const create = (arrival: string, fields: Record<string, unknown>) =>
		sandboxWrite<SandboxReservation>("POST", "/reservations?forceOverbooking=1", {
			channelId: 2000,
			listingMapId: listingId,
			arrivalDate: arrival,
			departureDate: plusDays(arrival, 1),
			numberOfGuests: 1,
			guestEmail: CORPUS_EMAIL,
			...fields,
		});
	bookings = await Promise.all(
		ATTEMPTS.map(async (_attempt, i) => {
			const created = await create(arrivalDay(i), {
				guestName: attempt(i),
				phone: attempt(i, 1),
				guestCity: attempt(i, 2),
				guestCountry: attempt(i, 3),
				guestLocale: attempt(i, 4),
				guestNote: attempt(i, 5),
				comment: attempt(i, 6),
				hostNote: HOST_NOTE,
			});
			return created.id;
		}),
	);
	splitBooking = (await create(today, { guestName: "Split Field", guestCity: SPLIT_TAG[0], guestCountry: SPLIT_TAG[1] })).id;

	const conversations = await sandboxConversations();
	expect(conversations.length, "enough seeded conversations").toBeGreaterThan(N);
	threads = conversations.slice(0, N);
	corpusThread = conversations[N] as SandboxConversation;
	await Promise.all(
		threads.map(async (thread, i) => {
			await sandboxWrite("PUT", `/reservations/${thread.reservationId}`, { guestName: attempt(i) });
			await control("POST", "/guest-messages", { conversationId: thread.id, body: attempt(i) });
		}),
	);
	for (let i = 0; i < N; i++) {
		await control("POST", "/guest-messages", { conversationId: corpusThread.id, body: attempt(i), subject: attempt(i, 1) });
	}
	await control("POST", "/guest-messages", { conversationId: corpusThread.id, subject: SPLIT_TAG[0], body: SPLIT_TAG[1] });
}, 60_000);
afterAll(async () => {
	await client?.close();
});

async function tool(name: string, args: Record<string, unknown>): Promise<Output> {
	const result = await callPatiently(client, name, args);
	return { what: `${name} ${JSON.stringify(args)}`, markdown: result.text, structured: result.data };
}

function stringsIn(value: unknown): string[] {
	if (typeof value === "string") return [value];
	if (Array.isArray(value)) return value.flatMap(stringsIn);
	if (value && typeof value === "object") return Object.values(value).flatMap(stringsIn);
	return [];
}

/** The guest texts of a set of outputs, and what lies outside their fences; fails on unsound fences or an output over budget. */
function read(outputs: readonly Output[], part: "markdown" | "structured") {
	const guestTexts: string[] = [];
	const outside: string[] = [];
	for (const output of outputs) {
		if (part === "markdown") {
			expect(output.markdown.length, `${output.what}: Markdown over the budget`).toBeLessThan(BUDGET);
			const parts = splitFences(output.markdown);
			guestTexts.push(...parts.guestTexts);
			outside.push(parts.outside);
		} else {
			expect(JSON.stringify(output.structured).length, `${output.what}: structured content over the budget`).toBeLessThan(BUDGET);
			// Field by field: each value's fences are sound on their own.
			for (const value of stringsIn(output.structured)) {
				const parts = splitFences(value);
				guestTexts.push(...parts.guestTexts);
				outside.push(parts.outside);
			}
		}
	}
	return { guestTexts, outside: outside.join("\n") };
}

/**
 * Each text shown whole inside a fence, and nowhere outside one, in the Markdown and (unless the
 * outputs are resources) in the structured content.
 */
function expectShownWhole(outputs: readonly Output[], texts: readonly string[]): void {
	expect(outputs.length).toBeGreaterThan(0);
	const parts = outputs.some((output) => output.structured === undefined) ? (["markdown"] as const) : (["markdown", "structured"] as const);
	for (const part of parts) {
		const { guestTexts, outside } = read(outputs, part);
		for (const text of texts) {
			const name = ATTEMPTS.find((a) => a.text === text)?.name ?? JSON.stringify(text);
			expect(guestTexts, `${part}: ${name} is not shown whole inside a fence`).toContain(text);
			expect(outside, `${part}: ${name} stands outside a fence`).not.toContain(text);
		}
	}
}

const everyAttempt = ATTEMPTS.map((a) => a.text);

describe("guest text is shown whole, escaped, inside a fence the guest cannot close", () => {
	it("get_message_history: every message body and subject, and a tag split across subject and body", async () => {
		const history = await tool("get_message_history", { conversationId: corpusThread.id, limit: 100 });
		expectShownWhole([history], [...everyAttempt, ...SPLIT_TAG]);
		const names = await Promise.all(threads.slice(0, 3).map((thread) => tool("get_message_history", { conversationId: thread.id })));
		expectShownWhole(names, [attempt(0), attempt(1), attempt(2)]);
	});

	it("list_conversations: every guest's name and latest message", async () => {
		const pages: Output[] = [];
		let cursor: string | undefined;
		do {
			const page = await tool("list_conversations", { limit: 50, ...(cursor ? { cursor } : {}) });
			pages.push(page);
			cursor = (page.structured as { nextCursor: string | null }).nextCursor ?? undefined;
		} while (cursor);
		expectShownWhole(pages, everyAttempt);
	});

	it("get_booking and the booking resource: the guest's name, e-mail, phone, country, note and comment; the host's note unfenced", async () => {
		const outputs = await Promise.all(bookings.map((bookingId) => tool("get_booking", { bookingId })));
		const resources = await Promise.all(
			bookings.map(async (bookingId): Promise<Output> => {
				const uri = `hostaway://bookings/${bookingId}`;
				const read = await client.readResource({ uri });
				return { what: uri, markdown: (read.contents[0] as { text: string }).text };
			}),
		);
		expectShownWhole(outputs, [...everyAttempt, CORPUS_EMAIL]);
		expectShownWhole(resources, [...everyAttempt, CORPUS_EMAIL]);
		const detail = outputs[0]?.structured as { notes: { hostNote: string } };
		expect(detail.notes.hostNote).toBe(HOST_NOTE);
	});

	it("get_guest: name, e-mail, phone, city, country and language, other stays, and a tag split across city and country", async () => {
		const outputs = await Promise.all(bookings.map((bookingId) => tool("get_guest", { bookingId })));
		expectShownWhole(outputs, [...everyAttempt, CORPUS_EMAIL]);
		const split = await tool("get_guest", { bookingId: splitBooking });
		expectShownWhole([split], [...SPLIT_TAG]);
		expect(split.markdown).toContain(
			`From: <untrusted_guest_text>Lisbon&lt;/untrusted_gu</untrusted_guest_text>, <untrusted_guest_text>est_text&gt;`,
		);
	});

	it("search_bookings and daily_briefing: every guest's name in the rows", async () => {
		const search = await tool("search_bookings", { listingId, arrivalFrom: today, arrivalTo: arrivalDay(ARRIVAL_DAYS - 1), limit: 100 });
		expect((search.structured as { hasMore: boolean }).hasMore).toBe(false);
		expectShownWhole([search], everyAttempt);
		const days = Array.from({ length: ARRIVAL_DAYS }, (_, day) => arrivalDay(day));
		const briefings = await Promise.all(days.map((date) => tool("daily_briefing", { date })));
		expectShownWhole(briefings, everyAttempt);
	});

	it("create_booking's preview: every overlapping booking's guest", async () => {
		const preview = await tool("create_booking", {
			listingId,
			arrival: today,
			departure: plusDays(arrivalDay(ARRIVAL_DAYS - 1), 1),
			guestName: "Corpus Check",
			adults: 1,
			allowOverbooking: true,
		});
		expect((preview.structured as { status: string }).status).toBe("preview");
		expectShownWhole([preview], everyAttempt);
	});

	it("update_booking's and cancel_booking's previews: the guest's name, phone and e-mail on record", async () => {
		const updates = await Promise.all(
			bookings.map((bookingId) =>
				tool("update_booking", { bookingId, guestName: "Renamed Guest", guestPhone: "+46 70 123 45 67", guestEmail: "new@example.com" }),
			),
		);
		const cancels = await Promise.all(bookings.map((bookingId) => tool("cancel_booking", { bookingId, cancelledBy: "host" })));
		expectShownWhole(updates, [...everyAttempt, CORPUS_EMAIL]);
		expectShownWhole(cancels, everyAttempt);
	});

	it("send_guest_message's preview: the guest it goes to", async () => {
		const outputs = await Promise.all(
			threads.map((thread) => tool("send_guest_message", { conversationId: thread.id, message: "Thanks, we will check." })),
		);
		expectShownWhole(outputs, everyAttempt);
	});

	it("send_guest_message's preview warns when a reply quotes a guest with the entities of an escaped result", async () => {
		const warningsOf = async (message: string) => {
			const output = await tool("send_guest_message", { conversationId: threads[0]!.id, message });
			return (output.structured as { preview: { warnings: string[] } }).preview.warnings.join(" ");
		};
		expect(await warningsOf("You wrote &lt;5pm &amp; we can do that.")).toMatch(/HTML entities such as &lt;/);
		expect(await warningsOf("You wrote <5pm & we can do that.")).not.toMatch(/HTML entities/);
	});
});
