/**
 * get_calendar and update_calendar against the sandbox: the days as the sandbox's calendar
 * has them; a calendar write previewed date by date, performed once on confirmation, exactly
 * as previewed, replayed without a second write; clear errors without upstream calls.
 */
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { businessToday, plusDays } from "../../helpers/business-date";
import { expectNoSecrets, listingSecrets } from "../../helpers/output-checks";
import { control, freshSandbox, sandboxLog, upstreamRequestCount } from "../../helpers/sandbox";
import { type SandboxDay, type SandboxListing, sandboxCalendar, sandboxListings } from "../../helpers/sandbox-records";
import { callPatiently, connectMcpClient, expectRefusedWithoutUpstream as refusedWithoutUpstream } from "../../helpers/tools";

interface Row {
	date: string;
	status: string;
	price: number | null;
	minimumStay: number | null;
	closedOnArrival?: true;
	closedOnDeparture?: true;
	reservationIds?: number[];
	note?: string;
}
interface Calendar {
	listingId: number;
	timeZone: string;
	today: string;
	startDate: string;
	endDate: string;
	days: Row[];
}
interface WriteOutput {
	status: "preview" | "done";
	preview?: { summary: string; changes: { field: string; from?: unknown; to: unknown }[]; warnings: string[] };
	confirmationToken?: string;
	replayed?: boolean;
	result?: { listingId: number; startDate: string; endDate: string; daysUpdated: number; days: Row[] };
}

let client: Client;
let listings: SandboxListing[];
const outputs: string[] = [];

function expectedRow(day: SandboxDay): Row {
	return {
		date: day.date,
		status: day.status,
		price: day.price,
		minimumStay: day.minimumStay,
		...(day.closedOnArrival === 1 ? { closedOnArrival: true as const } : {}),
		...(day.closedOnDeparture === 1 ? { closedOnDeparture: true as const } : {}),
		...(day.reservations.length > 0 ? { reservationIds: day.reservations.map((reservation) => reservation.id) } : {}),
		...(day.note ? { note: day.note } : {}),
	};
}

async function write(args: Record<string, unknown>) {
	const result = await callPatiently<WriteOutput>(client, "update_calendar", args);
	outputs.push(result.raw);
	return result;
}

async function expectRefusedWithoutUpstream(name: string, args: Record<string, unknown>, message: RegExp) {
	outputs.push((await refusedWithoutUpstream(client, name, args, message)).raw);
}

/** The values update_calendar shows per field, read from a sandbox day. */
function shown(day: SandboxDay): Record<string, unknown> {
	return {
		availability: day.status === "available" ? "available" : day.status === "blocked" ? "blocked" : "reserved",
		price: day.price,
		minimumStay: day.minimumStay,
		closedOnArrival: day.closedOnArrival === 1,
		closedOnDeparture: day.closedOnDeparture === 1,
		note: day.note ?? "",
	};
}

/** A preview's changes, expanded to one entry per field and date: "field date" → {from, to}. */
function perDate(changes: NonNullable<WriteOutput["preview"]>["changes"]): Map<string, { from: unknown; to: unknown }> {
	const map = new Map<string, { from: unknown; to: unknown }>();
	for (const change of changes) {
		const match = /^(\w+)(?: \([A-Z]{3}\))?, (\d{4}-\d{2}-\d{2})(?: to (\d{4}-\d{2}-\d{2}) \(\d+ days\))?$/.exec(change.field);
		if (!match) throw new Error(`unexpected change label: ${change.field}`);
		const [, field, first, last = first] = match as unknown as [string, string, string, string | undefined];
		for (let date = first; date <= last; date = plusDays(date, 1)) map.set(`${field} ${date}`, { from: change.from, to: change.to });
	}
	return map;
}

/** How many days fold into the day before them in the Markdown (identical but for the date). */
function foldedDays(days: readonly SandboxDay[]): number {
	const key = (day: SandboxDay) => JSON.stringify({ ...expectedRow(day), date: undefined });
	return days.filter((day, index) => index > 0 && key(day) === key(days[index - 1]!)).length;
}

/**
 * A listing and a window of its calendar (read from the sandbox, `from` to `to` days after the
 * listing's own today) for which `wanted` answers a start index; fails the test when no listing has one.
 */
async function findWindow(
	from: number,
	to: number,
	wanted: (window: SandboxDay[]) => number,
): Promise<{ listing: SandboxListing; today: string; window: SandboxDay[]; index: number }> {
	for (const listing of listings) {
		const today = businessToday(listing.timeZoneName);
		const window = await sandboxCalendar(listing.id, plusDays(today, from), plusDays(today, to));
		const index = wanted(window);
		if (index >= 0) return { listing, today, window, index };
	}
	throw new Error(`no listing's calendar ${from} to ${to} days out has the days this test needs`);
}

beforeAll(async () => {
	await freshSandbox();
	listings = await sandboxListings();
	client = await connectMcpClient();
});

afterAll(async () => {
	await client.close();
});

describe("get_calendar", () => {
	it("shows today and the next 29 days in the listing's time zone, day by day as the sandbox has them", async () => {
		// A listing with a reservation in the coming 30 days and days that fold into one line.
		const { listing, today } = await findWindow(0, 29, (days) =>
			days.some((day) => day.reservations.length > 0) && foldedDays(days) >= 2 ? 0 : -1,
		);
		const result = await callPatiently<Calendar>(client, "get_calendar", { listingId: listing.id });
		outputs.push(result.raw);
		expect(result.data).toMatchObject({
			listingId: listing.id,
			timeZone: listing.timeZoneName,
			today,
			startDate: today,
			endDate: plusDays(today, 29),
		});
		const days = await sandboxCalendar(listing.id, today, plusDays(today, 29));
		expect(result.data.days).toEqual(days.map(expectedRow));
		expect(result.data.days.some((row) => row.reservationIds)).toBe(true);
		// Identical consecutive days are one line in the Markdown.
		expect(result.text.split("\n").length).toBeLessThan(days.length);
		expect(result.text).toMatch(/ to \d{4}-\d{2}-\d{2} \(\d+ days\): /);
	});

	it("reads an explicit range of up to 90 days, relative words included", async () => {
		const listing = listings[1]!;
		const today = businessToday(listing.timeZoneName);
		const result = await callPatiently<Calendar>(client, "get_calendar", {
			listingId: listing.id,
			startDate: "in 10 days",
			endDate: "in 99 days",
		});
		outputs.push(result.raw);
		expect(result.data.days).toHaveLength(90);
		expect(result.data.days[0]?.date).toBe(plusDays(today, 10));
		expect(result.data.days.at(-1)?.date).toBe(plusDays(today, 99));
		expect(result.raw.length).toBeLessThan(20_000);
	});

	it("reads the listing and an explicit range at once, not one after the other", async () => {
		// A cold cache, and a sandbox slow enough that one after the other could not overlap.
		await freshSandbox();
		const listing = listings[2]!;
		const today = businessToday(listing.timeZoneName);
		await control("PUT", "/latency", { fixedMs: 300, jitterMs: 0 });
		try {
			const result = await callPatiently<Calendar>(client, "get_calendar", {
				listingId: listing.id,
				startDate: plusDays(today, 30),
				endDate: plusDays(today, 36),
			});
			expect(result.data.days).toHaveLength(7);
		} finally {
			await control("PUT", "/latency", { fixedMs: 0, jitterMs: 0 });
		}
		const log = await sandboxLog();
		const listingRead = log.find((entry) => entry.method === "GET" && entry.path === `/v1/listings/${listing.id}`);
		const calendarRead = log.find((entry) => entry.method === "GET" && entry.path === `/v1/listings/${listing.id}/calendar`);
		expect(listingRead).toBeDefined();
		expect(calendarRead).toBeDefined();
		// The calendar was asked for before the listing's answer came back.
		expect(Date.parse(calendarRead!.receivedAt)).toBeLessThan(Date.parse(listingRead!.at));
	});

	it("refuses too long, inverted and unreadable ranges before calling Hostaway", async () => {
		const listingId = listings[0]!.id;
		const today = businessToday("UTC");
		await expectRefusedWithoutUpstream(
			"get_calendar",
			{ listingId, startDate: plusDays(today, 1), endDate: plusDays(today, 91) },
			/at most 89|at most 90/,
		);
		await expectRefusedWithoutUpstream(
			"get_calendar",
			{ listingId, startDate: plusDays(today, 9), endDate: plusDays(today, 2) },
			/before it starts/,
		);
		await expectRefusedWithoutUpstream("get_calendar", { listingId, startDate: "the ides of march" }, /startDate.*not understood/);
		await expectRefusedWithoutUpstream("get_calendar", { listingId, startDate: "2199-01-01" }, /check the year/);
		await expectRefusedWithoutUpstream("get_calendar", { listingId: 0 }, /listingId/);
	});
});

describe("update_calendar", () => {
	it("is announced as a destructive, idempotent write", async () => {
		const { tools } = await client.listTools();
		expect(tools.find((tool) => tool.name === "update_calendar")?.annotations).toMatchObject({
			readOnlyHint: false,
			destructiveHint: true,
			idempotentHint: true,
			openWorldHint: true,
		});
	});

	it("previews a block over a reservation date by date, changes nothing until confirmed, then writes exactly the preview once", async () => {
		// Five days, 30+ days out, that mix a reservation with free nights.
		const { listing, window, index } = await findWindow(30, 80, (days) =>
			days.findIndex(
				(_day, start) =>
					start + 5 <= days.length &&
					days.slice(start, start + 5).some((day) => day.status === "reserved") &&
					days.slice(start, start + 5).some((day) => day.status === "available"),
			),
		);
		const startDate = window[index]!.date;
		const endDate = plusDays(startDate, 4);
		const args = { listingId: listing.id, startDate, endDate, availability: "block", price: 333, minimumStay: 4, note: "Owner visit" };
		const before = await sandboxCalendar(listing.id, startDate, endDate);

		const preview = await write(args);
		expect(preview.data.status).toBe("preview");
		expect(await sandboxCalendar(listing.id, startDate, endDate)).toEqual(before);

		// The preview lists, per field and date, exactly the values that differ from the target.
		const target: Record<string, unknown> = { price: 333, minimumStay: 4, note: "Owner visit" };
		const expected = new Map<string, { from: unknown; to: unknown }>();
		for (const day of before) {
			const now = shown(day);
			if (now.availability === "available") expected.set(`availability ${day.date}`, { from: "available", to: "blocked" });
			for (const [field, to] of Object.entries(target))
				if (now[field] !== to) expected.set(`${field} ${day.date}`, { from: now[field], to });
		}
		expect(perDate(preview.data.preview!.changes)).toEqual(expected);
		const reservationIds = [...new Set(before.flatMap((day) => day.reservations.map((reservation) => reservation.id)))];
		const warning = preview.data.preview!.warnings.find((text) => /Hostaway keeps existing reservations/.test(text));
		expect(warning).toBeDefined();
		for (const id of reservationIds) expect(warning).toContain(`#${id}`);
		expect(preview.text).toContain(preview.data.confirmationToken);

		const token = preview.data.confirmationToken!;
		const requestsBeforeConfirm = await upstreamRequestCount();
		const done = await write({ ...args, confirmationToken: token });
		expect(done.data).toMatchObject({ status: "done", result: { listingId: listing.id, startDate, endDate, daysUpdated: 5 } });
		expect(await upstreamRequestCount()).toBeGreaterThan(requestsBeforeConfirm);

		// The sandbox now has exactly the previewed values, and nothing else in the range moved.
		const after = await sandboxCalendar(listing.id, startDate, endDate);
		for (const [index, day] of after.entries()) {
			const was = shown(before[index]!);
			const now = shown(day);
			for (const field of Object.keys(now)) {
				const change = expected.get(`${field} ${day.date}`);
				expect(now[field], `${field} on ${day.date}`).toEqual(change ? change.to : was[field]);
			}
		}
		expect(after.filter((day) => day.status === "reserved").map((day) => day.date)).toEqual(
			before.filter((day) => day.status === "reserved").map((day) => day.date),
		);

		// Repeating the confirmed call returns the first result without writing again.
		const requestsBeforeReplay = await upstreamRequestCount();
		const replay = await write({ ...args, confirmationToken: token });
		expect(replay.data).toMatchObject({ status: "done", replayed: true, result: done.data.result });
		expect(replay.text).toMatch(/already performed/);
		expect(await upstreamRequestCount()).toBe(requestsBeforeReplay);
		expect(await sandboxCalendar(listing.id, startDate, endDate)).toEqual(after);
	});

	it("warns that unblocking opens dates to bookings, and refuses unknown tokens and changed arguments", async () => {
		// Days the host blocked, 20+ days out.
		const { listing, window } = await findWindow(20, 150, (days) => days.findIndex((day) => day.status === "blocked"));
		const blocked = window.filter((day) => day.status === "blocked");
		expect(blocked.length).toBeGreaterThan(0);
		const startDate = blocked[0]!.date;
		const endDate = blocked.at(-1)!.date <= plusDays(startDate, 10) ? blocked.at(-1)!.date : startDate;
		const args = { listingId: listing.id, startDate, endDate, availability: "unblock" };
		const before = await sandboxCalendar(listing.id, startDate, endDate);

		const preview = await write(args);
		const opened = before.filter((day) => day.status === "blocked");
		expect(preview.data.preview!.warnings.join(" ")).toContain(`opens ${opened.length} date(s) to new bookings`);
		const changes = perDate(preview.data.preview!.changes);
		for (const day of opened) expect(changes.get(`availability ${day.date}`)).toEqual({ from: "blocked", to: "available" });

		const token = preview.data.confirmationToken!;
		await expectRefusedWithoutUpstream(
			"update_calendar",
			{ ...args, confirmationToken: "cfm_000000000000000000000000" },
			/Unknown confirmation token/,
		);
		await expectRefusedWithoutUpstream(
			"update_calendar",
			{ ...args, note: "changed my mind", confirmationToken: token },
			/arguments differ/,
		);
		expect(await sandboxCalendar(listing.id, startDate, endDate)).toEqual(before);

		const done = await write({ ...args, confirmationToken: token });
		expect(done.data.status).toBe("done");
		const after = await sandboxCalendar(listing.id, startDate, endDate);
		for (const day of after)
			expect(day.status).toBe(before.find((was) => was.date === day.date)!.status === "blocked" ? "available" : day.status);
	});

	it("refuses writes with nothing to change, past or too long ranges and bad values before calling Hostaway", async () => {
		const listingId = listings[0]!.id;
		const today = businessToday("UTC");
		await expectRefusedWithoutUpstream("update_calendar", { listingId, startDate: plusDays(today, 40) }, /Nothing to change/);
		await expectRefusedWithoutUpstream(
			"update_calendar",
			{ listingId, startDate: "2020-06-01", endDate: "2020-06-03", availability: "block" },
			/in the past/,
		);
		await expectRefusedWithoutUpstream(
			"update_calendar",
			{ listingId, startDate: plusDays(today, 5), endDate: plusDays(today, 120), price: 100 },
			/at most/,
		);
		await expectRefusedWithoutUpstream(
			"update_calendar",
			{ listingId, startDate: plusDays(today, 5), price: -5 },
			/price must be positive/,
		);
		await expectRefusedWithoutUpstream("update_calendar", { listingId, startDate: plusDays(today, 5), minimumStay: 0 }, /minimumStay/);
		await expectRefusedWithoutUpstream(
			"update_calendar",
			{ listingId, startDate: plusDays(today, 5), availability: "close" },
			/availability/,
		);
		await expectRefusedWithoutUpstream("update_calendar", { listingId, startDate: plusDays(today, 5), colour: "red", price: 90 }, /colour/);
	});

	it("never shows a listing's door code or Wi-Fi credentials", async () => {
		// Calendars of its own, so the sweep has outputs even when this test runs alone.
		for (const listing of listings.slice(0, 3)) {
			outputs.push((await callPatiently(client, "get_calendar", { listingId: listing.id, startDate: "today", endDate: "in 89 days" })).raw);
		}
		expectNoSecrets(outputs, listingSecrets(listings));
	});
});
