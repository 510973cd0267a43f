/**
 * The REST API under /api/v1, route by route: API-key authentication (none or a wrong key → 401,
 * a read key on a write → 403 and nothing written), validation errors that name the field (400,
 * no upstream request), 404 for unknown ids, each read route's answer equal to the MCP tool's
 * structured content for the same arguments, and idempotent writes (the same Idempotency-Key
 * and body → one write in the sandbox's log and the same answer; another body → 409).
 */
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isWriteOperation } from "../../src/operations/operation";
import { operations } from "../../src/operations/registry";
import { REST_BASE_PATH, type RestRoute, restRoutes } from "../../src/rest/routes";
import { testApiKey } from "../helpers/api-keys";
import { WORKER_ORIGIN, workerFetch } from "../helpers/mcp-client";
import { businessToday, plusDays } from "../helpers/business-date";
import { clearSandboxLog, freshSandbox, sandboxLog, upstreamRequestCount, writesIn } from "../helpers/sandbox";
import {
	type SandboxConversation,
	type SandboxListing,
	type SandboxReservation,
	sandboxCalendar,
	sandboxConversations,
	sandboxListings,
	sandboxReservations,
	sandboxWrite,
} from "../helpers/sandbox-records";
import { callPatiently, connectMcpClient } from "../helpers/tools";
import { requestFor, restCall, restPatiently } from "./rest-client";

const READ_KEY = testApiKey("100001", "read");
const WRITE_KEY = testApiKey("100001", "write");

const isWrite = (route: RestRoute) => isWriteOperation(operations.find((operation) => operation.name === route.operation)!);
const label = (route: RestRoute) => `${route.method.toUpperCase()} ${REST_BASE_PATH}${route.path}`;

let mcp: Client;
let listing: SandboxListing;
let booking: SandboxReservation;
let conversation: SandboxConversation;

/** Arguments each operation is called with, from the sandbox's own data. */
function readArgs(route: RestRoute): Record<string, unknown> {
	const today = businessToday(listing.timeZoneName);
	switch (route.operation) {
		case "list_listings":
			return { limit: 5 };
		case "find_available_listings":
			return { arrival: plusDays(today, 30), departure: plusDays(today, 33), guests: 2 };
		case "get_listing":
			return { listingId: listing.id };
		case "check_availability":
			return { listingId: listing.id, arrival: plusDays(today, 20), departure: plusDays(today, 23), guests: 2 };
		case "get_calendar":
			return { listingId: listing.id, startDate: plusDays(today, 1), endDate: plusDays(today, 10) };
		case "search_bookings":
			return { limit: 5, status: ["new", "modified"] };
		case "get_booking":
		case "get_guest":
			return { bookingId: booking.id };
		case "get_message_history":
			return route.pathParams?.id === "conversationId" ? { conversationId: conversation.id } : { bookingId: booking.id };
		case "list_conversations":
			return { limit: 5, includeAll: true };
		case "occupancy_report":
			return { start: businessToday(), end: plusDays(businessToday(), 6) };
		default:
			return {};
	}
}

/**
 * The answer without what depends on the moment it was made (`asOf`, and how long a guest has
 * been waiting, in minutes): two calls a moment apart say the same otherwise.
 */
function withoutMoment(answer: unknown): unknown {
	return JSON.parse(JSON.stringify(answer), (key, value: unknown) => (key === "asOf" || key === "waitingMinutes" ? undefined : value));
}

beforeAll(async () => {
	await freshSandbox();
	mcp = await connectMcpClient({ headers: { Authorization: `Bearer ${READ_KEY}` } });
	listing = (await sandboxListings())[0]!;
	const reservations = await sandboxReservations();
	booking = reservations.find((reservation) => reservation.status === "new" && reservation.guestEmail)!;
	conversation = (await sandboxConversations())[0]!;
	expect(listing && booking && conversation).toBeTruthy();
});

afterAll(async () => {
	await mcp?.close();
});

describe("authentication", () => {
	it.each(restRoutes.map((route) => [label(route), route] as const))("%s: 401 without a key and with a wrong one", async (_name, route) => {
		const { method, path, options } = requestFor(route, readArgs(route));
		for (const credentials of [{}, { key: "not-a-configured-key" }, { xApiKey: "not-a-configured-key" }]) {
			const answer = await restCall(method, path, { ...options, ...credentials, idempotencyKey: "auth-check" });
			expect(answer.status).toBe(401);
			expect(answer.body.error?.code).toBe("unauthorized");
		}
	});

	it.each(restRoutes.filter(isWrite).map((route) => [label(route), route] as const))(
		"%s: 403 with a read-only key, and nothing sent upstream",
		async (_name, route) => {
			const { method, path, options } = requestFor(route, { listingId: listing.id, bookingId: booking.id });
			const before = await upstreamRequestCount();
			const answer = await restCall(method, path, { ...options, key: READ_KEY, idempotencyKey: `read-key-${route.operation}` });
			expect(answer.status).toBe(403);
			expect(answer.body.error?.code).toBe("forbidden");
			expect(await upstreamRequestCount()).toBe(before);
		},
	);

	it("records a write refused to a read-only key in the audit trail", async () => {
		const { method, path, options } = requestFor(
			restRoutes.find((route) => route.operation === "cancel_booking")!,
			{
				bookingId: booking.id,
				cancelledBy: "host",
			},
		);
		expect((await restCall(method, path, { ...options, key: READ_KEY, idempotencyKey: "refused-cancel" })).status).toBe(403);
		const audit = await restCall<{ events: { kind: string; tool?: string; via: string; outcome: string }[] }>(
			"GET",
			`${REST_BASE_PATH}/audit-log`,
			{ key: READ_KEY, query: { kind: "access", limit: 5 } },
		);
		expect(audit.body.events[0]).toMatchObject({ kind: "access_denied", tool: "cancel_booking", via: "api-key", outcome: "denied" });
	});

	it("accepts the key as X-API-Key too", async () => {
		const answer = await restCall("GET", `${REST_BASE_PATH}/whoami`, { xApiKey: READ_KEY });
		expect(answer.status).toBe(200);
		expect(answer.body).toMatchObject({ access: "read" });
	});
});

describe("validation", () => {
	it.each([
		["GET", `/listings/abc`, "id", {}],
		["GET", `/listings`, "limit", { query: { limit: "many" } }],
		["GET", `/listings`, "colour", { query: { colour: "red" } }],
		["GET", `/reports/occupancy`, "end", { query: { start: "2026-01-01" } }],
		["POST", `/bookings/search`, "sort", { body: { sort: "sideways" } }],
		["POST", `/bookings`, "guestName", { body: { listingId: 1, arrival: "2030-01-01", adults: 2 }, idempotencyKey: "v1" }],
		[
			"POST",
			`/bookings/1/cancel`,
			"confirmationToken",
			{ body: { cancelledBy: "host", confirmationToken: "cfm_x" }, idempotencyKey: "v2" },
		],
		["PATCH", `/bookings/1`, "Idempotency-Key", { body: { hostNote: "x" } }],
	] as const)("%s %s names the field %s (400, nothing sent upstream)", async (method, path, field, options) => {
		const before = await upstreamRequestCount();
		const answer = await restCall(method, REST_BASE_PATH + path, { ...options, key: WRITE_KEY });
		expect(answer.status).toBe(400);
		expect(answer.body.error).toMatchObject({ field });
		expect(["invalid_input", "idempotency_key_required"]).toContain(answer.body.error?.code);
		expect(await upstreamRequestCount()).toBe(before);
	});

	it("refuses a body over 256 KiB (413)", async () => {
		const answer = await restCall("POST", `${REST_BASE_PATH}/bookings/search`, {
			key: READ_KEY,
			body: { guestName: "x".repeat(300 * 1024) },
		});
		expect(answer.status).toBe(413);
		expect(answer.body.error?.code).toBe("payload_too_large");
	});

	it("takes an empty body as no arguments, and refuses one that is not JSON", async () => {
		expect((await restCall("POST", `${REST_BASE_PATH}/bookings/search`, { key: READ_KEY })).status).toBe(200);
		const broken = await workerFetch(`${WORKER_ORIGIN}${REST_BASE_PATH}/bookings/search`, {
			method: "POST",
			headers: { Authorization: `Bearer ${READ_KEY}`, "Content-Type": "application/json" },
			body: "{not json",
		});
		expect(broken.status).toBe(400);
		expect(((await broken.json()) as { error: { code: string } }).error.code).toBe("invalid_input");
	});
});

describe("read routes answer what the MCP tool answers", () => {
	it.each(restRoutes.filter((route) => !isWrite(route)).map((route) => [label(route), route] as const))("%s", async (_name, route) => {
		const args = readArgs(route);
		const { method, path, options } = requestFor(route, args);
		const answer = await restPatiently(method, path, { ...options, key: READ_KEY });
		expect(answer.status, JSON.stringify(answer.body)).toBe(200);
		const tool = await callPatiently(mcp, route.operation, args);
		expect(withoutMoment(answer.body)).toEqual(withoutMoment(tool.data));
	});

	it("answers 404 with the operation's message for unknown ids, and for unknown routes", async () => {
		for (const path of [`/bookings/999999999`, `/listings/999999999`, `/bookings/999999999/guest`]) {
			const answer = await restPatiently("GET", REST_BASE_PATH + path, { key: READ_KEY });
			expect(answer.status, path).toBe(404);
			expect(answer.body.error?.code).toBe("not_found");
		}
		const unknown = await restCall("GET", `${REST_BASE_PATH}/nothing-here`, { key: READ_KEY });
		expect(unknown.status).toBe(404);
		expect(unknown.body.error?.code).toBe("not_found");
	});
});

describe("writes with an Idempotency-Key", () => {
	/** A free, bookable range of `nights` nights on the listing, from the sandbox's calendar. */
	async function freeRange(nights: number, fromDays: number): Promise<{ arrival: string; departure: string }> {
		const start = plusDays(businessToday(listing.timeZoneName), fromDays);
		const days = await sandboxCalendar(listing.id, start, plusDays(start, 120));
		for (let i = 0; i + nights < days.length; i++) {
			const stay = days.slice(i, i + nights);
			if (
				stay.every((d) => d.status === "available") &&
				stay[0]!.minimumStay <= nights &&
				!stay[0]!.closedOnArrival &&
				!days[i + nights]!.closedOnDeparture
			) {
				return { arrival: stay[0]!.date, departure: days[i + nights]!.date };
			}
		}
		return expect.fail("no free range");
	}

	/** Performs the write twice with one key (one write upstream, the same answer) and once with another body (409). */
	async function idempotentWrite(route: RestRoute, args: Record<string, unknown>, otherArgs: Record<string, unknown>) {
		const key = `test-${route.operation}-${crypto.randomUUID()}`;
		const { method, path, options } = requestFor(route, args);
		await clearSandboxLog();
		const first = await restPatiently(method, path, { ...options, key: WRITE_KEY, idempotencyKey: key });
		expect(first.status, JSON.stringify(first.body)).toBe(200);
		expect(first.body).toMatchObject({ status: "done" });
		// The tool's own output: what the MCP tool answers when its confirmation performs the write.
		expect(() => operations.find((operation) => operation.name === route.operation)!.output.parse(first.body)).not.toThrow();
		const writes = writesIn(await sandboxLog()).length;
		expect(writes).toBeGreaterThan(0);

		const again = await restCall(method, path, { ...options, key: WRITE_KEY, idempotencyKey: key });
		expect(again.status).toBe(200);
		expect(again.body).toEqual(first.body);
		expect(again.headers.get("Idempotent-Replayed")).toBe("true");
		expect(writesIn(await sandboxLog())).toHaveLength(writes);

		const other = requestFor(route, otherArgs);
		const conflict = await restCall(other.method, other.path, { ...other.options, key: WRITE_KEY, idempotencyKey: key });
		expect(conflict.status).toBe(409);
		expect(conflict.body.error).toMatchObject({ code: "idempotency_key_reused", field: "Idempotency-Key" });
		expect(writesIn(await sandboxLog())).toHaveLength(writes);
		return first.body as { status: "done"; result: Record<string, unknown> };
	}

	const route = (operation: string) => restRoutes.find((candidate) => candidate.operation === operation)!;

	it("create, update and cancel a booking; each happens once", async () => {
		const range = await freeRange(3, 40);
		const created = await idempotentWrite(
			route("create_booking"),
			{ listingId: listing.id, ...range, guestName: "Rest Tester", guestEmail: "rest@example.com", adults: 2 },
			{ listingId: listing.id, ...range, guestName: "Another Tester", adults: 2 },
		);
		const bookingId = (created.result.booking as { id: number }).id;
		const reservations = (await sandboxReservations()).filter((reservation) => reservation.guestName === "Rest Tester");
		expect(reservations.map((reservation) => reservation.id)).toEqual([bookingId]);

		await idempotentWrite(route("update_booking"), { bookingId, hostNote: "from REST" }, { bookingId, hostNote: "something else" });
		await idempotentWrite(route("cancel_booking"), { bookingId, cancelledBy: "host" }, { bookingId, cancelledBy: "guest" });
		expect((await sandboxReservations()).find((reservation) => reservation.id === bookingId)?.status).toBe("cancelled");
	});

	it("update the calendar once, with the result the MCP tool gives for the same change", async () => {
		const startDate = plusDays(businessToday(listing.timeZoneName), 90);
		const args = { listingId: listing.id, startDate, endDate: plusDays(startDate, 2), price: 321 };
		const rest = await idempotentWrite(route("update_calendar"), args, { ...args, price: 322 });
		const write = await connectMcpClient({ headers: { Authorization: `Bearer ${WRITE_KEY}` } });
		try {
			const preview = await callPatiently<{ confirmationToken: string }>(write, "update_calendar", args);
			const done = await callPatiently<{ result: unknown }>(write, "update_calendar", {
				...args,
				confirmationToken: preview.data.confirmationToken,
			});
			expect(rest.result).toEqual(done.data.result);
		} finally {
			await write.close();
		}
	});

	it("create, update, cancel and message with the results the MCP tool gives for the same writes", async () => {
		const range = await freeRange(2, 60);
		const createArgs = { listingId: listing.id, ...range, guestName: "Twin Tester", guestEmail: "twin@example.com", adults: 2 };
		const mcp = await connectMcpClient({ headers: { Authorization: `Bearer ${WRITE_KEY}` } });
		/** The MCP tool's preview, then its confirmation: the result of the performed write. */
		const viaMcp = async (tool: string, args: Record<string, unknown>) => {
			const preview = await callPatiently<{ confirmationToken: string }>(mcp, tool, args);
			const done = await callPatiently<{ result: Record<string, unknown> }>(mcp, tool, {
				...args,
				confirmationToken: preview.data.confirmationToken,
			});
			return done.data.result;
		};
		/**
		 * A result without what differs between two bookings of the same stay (id, references, when
		 * booked or cancelled, the host note one of them was given meanwhile) or two sends of one message.
		 */
		const alike = (result: Record<string, unknown>) => {
			const copy = structuredClone(result) as Record<string, Record<string, Record<string, unknown>>>;
			const masked = [
				["booking", "id"],
				["booking", "bookedOn"],
				["booking", "channel", "reference"],
				["booking", "dates", "bookedOn"],
				["booking", "cancellation", "cancelledOn"],
				["booking", "notes", "hostNote"],
				["channelReference"],
				["messageId"],
				["sentAt"],
			];
			for (const path of masked) {
				const parent = path
					.slice(0, -1)
					.reduce<Record<string, unknown> | undefined>((node, key) => node?.[key] as Record<string, unknown> | undefined, copy);
				const last = path.at(-1) as string;
				if (parent && typeof parent === "object" && last in parent) parent[last] = "(differs by booking)";
			}
			return copy;
		};
		try {
			// The same stay booked and cancelled through REST, then booked and cancelled through the tool.
			const restCreated = await idempotentWrite(route("create_booking"), createArgs, { ...createArgs, adults: 1 });
			const restBookingId = (restCreated.result.booking as { id: number }).id;
			const restCancelled = await idempotentWrite(
				route("cancel_booking"),
				{ bookingId: restBookingId, cancelledBy: "host" },
				{ bookingId: restBookingId, cancelledBy: "guest" },
			);
			const toolCreated = await viaMcp("create_booking", createArgs);
			expect(alike(restCreated.result)).toEqual(alike(toolCreated));

			// One change to one booking through REST, undone in the sandbox, then the same change through the tool.
			const bookingId = (toolCreated.booking as { id: number }).id;
			const before = (await sandboxReservations()).find((reservation) => reservation.id === bookingId)?.hostNote ?? null;
			const change = { bookingId, hostNote: "Same change, either way" };
			const restUpdated = await idempotentWrite(route("update_booking"), change, { bookingId, hostNote: "another" });
			await sandboxWrite("PUT", `/reservations/${bookingId}`, { hostNote: before });
			expect(restUpdated.result).toEqual(await viaMcp("update_booking", change));

			expect(alike(restCancelled.result)).toEqual(alike(await viaMcp("cancel_booking", { bookingId, cancelledBy: "host" })));

			const message = { bookingId: booking.id, message: "The same words, either way" };
			const restSent = await idempotentWrite(route("send_guest_message"), message, { ...message, message: "other words" });
			expect(alike(restSent.result)).toEqual(alike(await viaMcp("send_guest_message", message)));
		} finally {
			await mcp.close();
		}
	});

	it("send a guest message once, and the write is in the audit trail", async () => {
		await idempotentWrite(
			route("send_guest_message"),
			{ bookingId: booking.id, message: "Hello from the REST test" },
			{ bookingId: booking.id, message: "A different message" },
		);
		const audit = await restCall<{ events: { tool?: string; via: string; outcome: string }[] }>("GET", `${REST_BASE_PATH}/audit-log`, {
			key: READ_KEY,
			query: { kind: "writes", limit: 5 },
		});
		expect(audit.body.events[0]).toMatchObject({ tool: "send_guest_message", via: "api-key", outcome: "ok" });
	});

	it("two requests with one key at the same time write once", async () => {
		const { method, path, options } = requestFor(route("send_guest_message"), { bookingId: booking.id, message: "Sent once, asked twice" });
		await clearSandboxLog();
		const key = `test-concurrent-${crypto.randomUUID()}`;
		const answers = await Promise.all([1, 2].map(() => restCall(method, path, { ...options, key: WRITE_KEY, idempotencyKey: key })));
		const statuses = answers.map((answer) => answer.status).sort();
		expect([
			[200, 200],
			[200, 409],
		]).toContainEqual(statuses);
		for (const answer of answers.filter((candidate) => candidate.status === 409)) {
			expect(answer.body.error?.code).toBe("idempotency_key_in_progress");
		}
		expect(writesIn(await sandboxLog())).toHaveLength(1);
	});
});
