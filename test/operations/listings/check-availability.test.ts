/**
 * check_availability against the sandbox's own calendars: stays are picked from the calendar
 * read directly, the expected verdict is computed from that data alone, and the tool must
 * agree night by night and rule by rule, with Hostaway's quote for a possible stay.
 */
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { businessToday, plusDays } from "../../helpers/business-date";
import { expectNoSecrets, listingSecrets } from "../../helpers/output-checks";
import { freshSandbox } from "../../helpers/sandbox";
import { type SandboxDay, type SandboxListing, sandboxCalendar, sandboxListings, sandboxQuote } from "../../helpers/sandbox-records";
import { callPatiently, connectMcpClient, expectRefusedWithoutUpstream as refusedWithoutUpstream } from "../../helpers/tools";
import { type ExpectedVerdict, expectedVerdict } from "../../helpers/stay-expectations";

interface Availability {
	listingId: number;
	timeZone: string;
	today: string;
	arrival: string;
	departure: string;
	nights: number;
	guests: number | null;
	available: boolean;
	unavailableNights: ExpectedVerdict["nights"];
	ruleProblems: { rule: string; date?: string; detail: string }[];
	price: {
		currency: string;
		nightly: { date: string; price: number }[];
		nightlyTotal: number | null;
		source: "quote" | "calendar";
		total: number | null;
		components?: { title: string | null; total: number | null }[];
		pricedForGuests?: number;
	};
}

interface Stay {
	listing: SandboxListing;
	days: SandboxDay[];
	arrival: string;
	departure: string;
	verdict: ExpectedVerdict;
}

let client: Client;
let listings: SandboxListing[];
const calendars = new Map<number, SandboxDay[]>();
const outputs: string[] = [];

/** The first stay (listing order, then date) whose expected verdict satisfies `wanted`. */
function findStay(nights: number[], guests: number, wanted: (verdict: ExpectedVerdict) => boolean): Stay {
	for (const listing of listings) {
		const days = calendars.get(listing.id)!;
		// Leave the last days out: a stay's departure must be inside what was read.
		for (const arrivalDay of days.slice(0, -10)) {
			for (const length of nights) {
				const departure = plusDays(arrivalDay.date, length);
				const verdict = expectedVerdict(days, listing, arrivalDay.date, departure, guests);
				if (wanted(verdict)) return { listing, days, arrival: arrivalDay.date, departure, verdict };
			}
		}
	}
	throw new Error("the sandbox has no such stay; the seed changed");
}

async function check(args: Record<string, unknown>) {
	const result = await callPatiently<Availability>(client, "check_availability", args);
	outputs.push(result.raw);
	return result;
}

function expectVerdict(result: Availability, expected: ExpectedVerdict) {
	expect(result.unavailableNights).toEqual(expected.nights);
	expect(result.ruleProblems.map((problem) => problem.rule)).toEqual(expected.rules);
	expect(result.available).toBe(expected.nights.length === 0 && expected.rules.length === 0);
}

async function expectRefusedWithoutUpstream(args: Record<string, unknown>, message: RegExp) {
	outputs.push((await refusedWithoutUpstream(client, "check_availability", args, message)).raw);
}

beforeAll(async () => {
	await freshSandbox();
	listings = await sandboxListings();
	for (const listing of listings) {
		const today = businessToday(listing.timeZoneName);
		calendars.set(listing.id, await sandboxCalendar(listing.id, plusDays(today, 2), plusDays(today, 100)));
	}
	client = await connectMcpClient();
});

afterAll(async () => {
	await client.close();
});

describe("check_availability", () => {
	it("confirms a free stay the sandbox's calendar allows, with Hostaway's quote and the nightly prices", async () => {
		const stay = findStay([2, 3, 4], 2, (verdict) => verdict.nights.length === 0 && verdict.rules.length === 0);
		const { data, text } = await check({ listingId: stay.listing.id, arrival: stay.arrival, departure: stay.departure, guests: 2 });
		expectVerdict(data, stay.verdict);
		expect(data).toMatchObject({
			arrival: stay.arrival,
			departure: stay.departure,
			guests: 2,
			timeZone: stay.listing.timeZoneName,
			today: businessToday(stay.listing.timeZoneName),
		});
		const nightly = stay.days
			.filter((day) => day.date >= stay.arrival && day.date < stay.departure)
			.map((day) => ({ date: day.date, price: day.price }));
		expect(data.price.nightly).toEqual(nightly);
		expect(data.price.nightlyTotal).toBe(nightly.reduce((sum, night) => sum + night.price, 0));
		const quote = await sandboxQuote(stay.listing.id, stay.arrival, stay.departure, 2);
		expect(data.price).toMatchObject({ source: "quote", total: quote.totalPrice, currency: stay.listing.currencyCode, pricedForGuests: 2 });
		expect(data.price.components?.map((component) => component.title)).toContain("Cleaning fee");
		expect(text).toMatch(/^\*\*Available\*\*/);
		expect(text).toContain(String(quote.totalPrice));
	});

	it("names every reserved night of a stay that overlaps reservations, with the reservation ids", async () => {
		const stay = findStay([3, 4], 2, (verdict) => verdict.nights.some((night) => night.reason === "reserved") && verdict.nights.length < 3);
		const { data, text } = await check({ listingId: stay.listing.id, arrival: stay.arrival, departure: stay.departure, guests: 2 });
		expectVerdict(data, stay.verdict);
		expect(data.available).toBe(false);
		expect(data.price.source).toBe("calendar");
		const reservationId = stay.verdict.nights.find((night) => night.reservationIds)!.reservationIds![0]!;
		expect(text).toContain(`#${reservationId}`);
	});

	it("names a night the host blocked", async () => {
		const stay = findStay([2, 3], 2, (verdict) => verdict.nights.some((night) => night.reason === "blocked"));
		const { data, text } = await check({ listingId: stay.listing.id, arrival: stay.arrival, departure: stay.departure });
		expectVerdict(data, expectedVerdict(stay.days, stay.listing, stay.arrival, stay.departure));
		expect(text).toMatch(/blocked/);
	});

	it("refuses an arrival on a day closed to arrival, and a departure on a day closed to departure", async () => {
		const arrival = findStay([2, 3, 4], 2, (verdict) => verdict.nights.length === 0 && verdict.rules.join() === "closed_to_arrival");
		const refusedArrival = await check({
			listingId: arrival.listing.id,
			arrival: arrival.arrival,
			departure: arrival.departure,
			guests: 2,
		});
		expectVerdict(refusedArrival.data, arrival.verdict);
		expect(refusedArrival.data.ruleProblems[0]?.date).toBe(arrival.arrival);

		const departure = findStay([2, 3, 4], 2, (verdict) => verdict.nights.length === 0 && verdict.rules.join() === "closed_to_departure");
		const refusedDeparture = await check({
			listingId: departure.listing.id,
			arrival: departure.arrival,
			departure: departure.departure,
			guests: 2,
		});
		expectVerdict(refusedDeparture.data, departure.verdict);
		expect(refusedDeparture.data.ruleProblems[0]?.date).toBe(departure.departure);
		expect(refusedDeparture.text).toMatch(/closed to departure/);
	});

	it("refuses a stay shorter than the arrival day's minimum stay, and a party larger than the listing sleeps", async () => {
		const short = findStay([1], 1, (verdict) => verdict.nights.length === 0 && verdict.rules.join() === "minimum_stay");
		const { data } = await check({ listingId: short.listing.id, arrival: short.arrival, departure: short.departure, guests: 1 });
		expectVerdict(data, short.verdict);
		expect(data.ruleProblems[0]?.detail).toContain(`at least ${short.days.find((day) => day.date === short.arrival)!.minimumStay} nights`);

		const free = findStay([2, 3, 4], 2, (verdict) => verdict.nights.length === 0 && verdict.rules.length === 0);
		const crowd = free.listing.personCapacity + 1;
		const crowded = await check({ listingId: free.listing.id, arrival: free.arrival, departure: free.departure, guests: crowd });
		expectVerdict(crowded.data, expectedVerdict(free.days, free.listing, free.arrival, free.departure, crowd));
		expect(crowded.data.ruleProblems.map((problem) => problem.rule)).toEqual(["over_capacity"]);
		expect(crowded.data.price.source).toBe("calendar");
	});

	it("resolves relative words in the listing's time zone and echoes the dates", async () => {
		const listing = listings.find((candidate) => candidate.timeZoneName === "Asia/Tokyo") ?? listings[0]!;
		const today = businessToday(listing.timeZoneName);
		const { data, text } = await check({ listingId: listing.id, arrival: "in 30 days", departure: "in 33 days" });
		expect(data).toMatchObject({
			today,
			arrival: plusDays(today, 30),
			departure: plusDays(today, 33),
			nights: 3,
			timeZone: listing.timeZoneName,
		});
		expectVerdict(data, expectedVerdict(calendars.get(listing.id)!, listing, plusDays(today, 30), plusDays(today, 33)));
		expect(text).toContain(plusDays(today, 30));
	});

	it("refuses past, inverted, absurd and unreadable ranges before calling Hostaway", async () => {
		const listingId = listings[0]!.id;
		const today = businessToday("UTC");
		await expectRefusedWithoutUpstream({ listingId, arrival: plusDays(today, 10), departure: plusDays(today, 8) }, /before it starts/);
		await expectRefusedWithoutUpstream({ listingId, arrival: plusDays(today, 10), departure: plusDays(today, 10) }, /on the day it starts/);
		await expectRefusedWithoutUpstream({ listingId, arrival: "2020-03-01", departure: "2020-03-04" }, /in the past/);
		await expectRefusedWithoutUpstream({ listingId, arrival: "yesterday", departure: "tomorrow" }, /in the past/);
		await expectRefusedWithoutUpstream({ listingId, arrival: plusDays(today, 3), departure: plusDays(today, 200) }, /at most 90/);
		await expectRefusedWithoutUpstream({ listingId, arrival: "2099-01-01", departure: "2099-01-05" }, /check the year/);
		await expectRefusedWithoutUpstream({ listingId, arrival: "next blue moon", departure: "tomorrow" }, /arrival.*not understood/);
		await expectRefusedWithoutUpstream({ listingId, arrival: plusDays(today, 3) }, /departure is required/);
		await expectRefusedWithoutUpstream({ listingId, arrival: "this weekend", departure: "in 9 days" }, /leave departure out/);
		await expectRefusedWithoutUpstream({ listingId, arrival: "2026-02-30", departure: "2026-03-02" }, /not a real calendar date/);
		await expectRefusedWithoutUpstream({ listingId, arrival: plusDays(today, 3), departure: plusDays(today, 5), guests: 0 }, /guests/);
		await expectRefusedWithoutUpstream({ listingId: "x", arrival: plusDays(today, 3), departure: plusDays(today, 5) }, /listingId/);
	});

	it("never shows a listing's door code or Wi-Fi credentials", async () => {
		// Checks of its own, so the sweep has outputs even when this test runs alone.
		for (const listing of listings.slice(0, 4))
			await check({ listingId: listing.id, arrival: "in 20 days", departure: "in 23 days", guests: 1 });
		expectNoSecrets(outputs, listingSecrets(listings));
	});
});
