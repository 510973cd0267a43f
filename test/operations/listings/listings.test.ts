/**
 * list_listings and get_listing through the MCP SDK client, checked against the sandbox's
 * own listings: compact rows, Hostaway's filters, honest cursor pagination, the curated
 * detail, clear errors without upstream calls, and no secret in any output.
 */
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { businessToday, plusDays } from "../../helpers/business-date";
import { expectNoSecrets, listingSecrets } from "../../helpers/output-checks";
import { freshSandbox } from "../../helpers/sandbox";
import { type SandboxListing, sandboxGetAll, sandboxListings } from "../../helpers/sandbox-records";
import { callPatiently, callTool, connectMcpClient, expectRefusedWithoutUpstream as refusedWithoutUpstream } from "../../helpers/tools";

interface Row {
	id: number;
	name: string;
	city: string | null;
	country: string | null;
	timeZone: string | null;
	maxGuests: number | null;
	bedrooms: number | null;
	bathrooms: number | null;
	basePrice: number | null;
	currency: string | null;
	checkInFrom: number | null;
	checkOutBy: number | null;
}
interface ListResult {
	listings: Row[];
	count: number | null;
	hasMore: boolean;
	nextCursor?: string;
	hint?: string;
	availability?: { from: string; to: string; timeZone: string; today: string };
}

let client: Client;
let listings: SandboxListing[];
/** Everything the model saw in this file, for the secrets check at the end. */
const outputs: string[] = [];

async function list(args: Record<string, unknown>) {
	const result = await callPatiently<ListResult>(client, "list_listings", args);
	outputs.push(result.raw);
	return result;
}

async function expectRefusedWithoutUpstream(name: string, args: Record<string, unknown>, message: RegExp) {
	outputs.push((await refusedWithoutUpstream(client, name, args, message)).raw);
}

/** The listings the sandbox's own availability filter answers for a window. */
function freeBetween(from: string, to: string): Promise<SandboxListing[]> {
	return sandboxGetAll<SandboxListing>(`/listings?availabilityDateStart=${from}&availabilityDateEnd=${to}`);
}

beforeAll(async () => {
	await freshSandbox();
	listings = await sandboxListings();
	client = await connectMcpClient();
});

afterAll(async () => {
	await client.close();
});

describe("list_listings", () => {
	it("lists every listing as a compact row matching the sandbox's data", async () => {
		const { data, text } = await list({});
		expect(data.count).toBe(listings.length);
		expect(data.hasMore).toBe(false);
		expect(data.nextCursor).toBeUndefined();
		expect(data.listings).toHaveLength(listings.length);
		for (const listing of listings) {
			const row = data.listings.find((candidate) => candidate.id === listing.id);
			expect(row).toEqual({
				id: listing.id,
				name: listing.name,
				city: listing.city,
				country: listing.countryCode,
				timeZone: listing.timeZoneName,
				maxGuests: listing.personCapacity,
				bedrooms: listing.bedroomsNumber,
				bathrooms: listing.bathroomsNumber,
				basePrice: listing.price,
				currency: listing.currencyCode,
				checkInFrom: listing.checkInTimeStart,
				checkOutBy: listing.checkOutTime,
			});
		}
		expect(text).toContain(listings[0]!.name);
	});

	it("pages with a cursor: every listing exactly once, hasMore true until the last page", async () => {
		const seen: number[] = [];
		let cursor: string | undefined;
		let pages = 0;
		do {
			const { data } = await list({ limit: 6, ...(cursor ? { cursor } : {}) });
			pages++;
			seen.push(...data.listings.map((row) => row.id));
			expect(data.listings.length).toBeLessThanOrEqual(6);
			expect(data.hasMore).toBe(seen.length < listings.length);
			if (data.hasMore) expect(data.hint).toMatch(/nextCursor/);
			cursor = data.nextCursor;
		} while (cursor && pages < 10);
		expect(pages).toBe(Math.ceil(listings.length / 6));
		expect(new Set(seen).size).toBe(seen.length);
		expect(seen.sort()).toEqual(listings.map((listing) => listing.id).sort());
	});

	it("filters by city and minimum guests, and by name text, with Hostaway's filters", async () => {
		const city = listings[0]!.city;
		const minGuests = 4;
		const { data: byCity } = await list({ city, minGuests });
		const expected = listings
			.filter((listing) => listing.city === city && listing.personCapacity >= minGuests)
			.map((listing) => listing.id);
		expect(expected.length).toBeGreaterThan(0);
		expect(byCity.listings.map((row) => row.id).sort()).toEqual(expected.sort());

		const word = listings[1]!.name.split(" ")[0]!;
		const { data: byName } = await list({ nameContains: word.toLowerCase() });
		const named = listings.filter((listing) => listing.name.toLowerCase().includes(word.toLowerCase())).map((listing) => listing.id);
		expect(byName.listings.map((row) => row.id).sort()).toEqual(named.sort());
	});

	it("resolves an availability window's relative words in the given time zone and echoes it", async () => {
		// A window, 20 or more days out in Lisbon, that some listings have free and others not.
		const today = businessToday("Europe/Lisbon");
		let inDays = 20;
		let free = await freeBetween(plusDays(today, inDays), plusDays(today, inDays + 3));
		while ((free.length === 0 || free.length === listings.length) && inDays < 80) {
			inDays++;
			free = await freeBetween(plusDays(today, inDays), plusDays(today, inDays + 3));
		}
		expect(free.length, "listings free in the window").toBeGreaterThan(0);
		expect(free.length, "listings free in the window").toBeLessThan(listings.length);

		const [from, to] = [plusDays(today, inDays), plusDays(today, inDays + 3)];
		const { data, text } = await list({
			availableFrom: `in ${inDays} days`,
			availableTo: `in ${inDays + 3} days`,
			timeZone: "Europe/Lisbon",
		});
		expect(data.availability).toEqual({
			from,
			to,
			timeZone: "Europe/Lisbon",
			today,
			todayRule: "today in the time zone asked for (Europe/Lisbon)",
		});
		expect(data.listings.map((row) => row.id).sort()).toEqual(free.map((listing) => listing.id).sort());
		expect(text).toContain(from);
	});

	it("refuses bad arguments clearly, before calling Hostaway", async () => {
		await expectRefusedWithoutUpstream("list_listings", { availableFrom: "tomorrow" }, /availableFrom and availableTo go together/);
		await expectRefusedWithoutUpstream(
			"list_listings",
			{ availableFrom: "in 5 days", availableTo: "tomorrow" },
			/ends .* before it starts/,
		);
		await expectRefusedWithoutUpstream("list_listings", { availableFrom: "2020-01-01", availableTo: "2020-01-05" }, /in the past/);
		await expectRefusedWithoutUpstream(
			"list_listings",
			{ availableFrom: "someday", availableTo: "tomorrow" },
			/availableFrom.*not understood/,
		);
		await expectRefusedWithoutUpstream("list_listings", { limit: 500 }, /limit/);
		await expectRefusedWithoutUpstream("list_listings", { timeZone: "Mars/Olympus" }, /timeZone.*IANA/);
		await expectRefusedWithoutUpstream("list_listings", { town: "Lisbon" }, /town/);
		const { data } = await list({ limit: 3 });
		await expectRefusedWithoutUpstream("list_listings", { limit: 3, city: "Lisbon", cursor: data.nextCursor }, /different filters/);
		await expectRefusedWithoutUpstream("list_listings", { cursor: "not-a-cursor" }, /cursor is not valid/);
	});
});

interface Detail {
	id: number;
	name: string;
	address: { publicAddress: string | null; street: string | null; city: string | null; zipcode: string | null; countryCode: string | null };
	capacity: { maxGuests: number; bedrooms: number };
	amenities: string[];
	houseRules: string | null;
	fees: {
		currency: string;
		basePrice: number;
		cleaningFee: number;
		extraPersonPrice: number;
		damageDeposit: number;
		taxes: { name: string; amount: number; unit: string }[];
		weeklyDiscountPercent: number | null;
		monthlyDiscountPercent: number | null;
		otherFees: { title: string; amount: number | null }[];
	};
	cancellationPolicy: string | null;
	checkIn: { from: number; until: number | null; checkOutBy: number };
	stayLimits: { minNights: number; maxNights: number };
	instantBookable: boolean;
	channelLinks: { airbnb: string | null; vrbo: string | null; google: string | null; expedia: string | null };
}

describe("get_listing", () => {
	it("returns the curated detail: address, capacity, amenities by name, fees, taxes, rules and channel links", async () => {
		// A listing with a pet fee and a tourist tax, so every part of the fees is exercised.
		const listing =
			listings.find((candidate) => candidate.listingFeeSetting.length > 0 && candidate.guestPerPersonPerNightTax > 0) ??
			listings.find((candidate) => candidate.listingFeeSetting.length > 0) ??
			listings[0]!;
		const result = await callPatiently<Detail>(client, "get_listing", { listingId: listing.id });
		outputs.push(result.raw);
		const detail = result.data;
		expect(detail).toMatchObject({
			id: listing.id,
			name: listing.name,
			address: {
				publicAddress: listing.publicAddress,
				street: listing.street,
				city: listing.city,
				zipcode: listing.zipcode,
				countryCode: listing.countryCode,
			},
			capacity: { maxGuests: listing.personCapacity, bedrooms: listing.bedroomsNumber },
			cancellationPolicy: listing.cancellationPolicy,
			checkIn: { from: listing.checkInTimeStart, until: listing.checkInTimeEnd, checkOutBy: listing.checkOutTime },
			stayLimits: { minNights: listing.minNights, maxNights: listing.maxNights },
			instantBookable: listing.instantBookable === 1,
			channelLinks: {
				airbnb: listing.airbnbListingUrl,
				vrbo: listing.vrboListingUrl,
				google: listing.googleVrListingUrl,
				expedia: listing.expediaListingUrl,
			},
		});
		expect(detail.amenities).toEqual(listing.listingAmenities.map((amenity) => amenity.amenityName));
		expect(detail.fees).toMatchObject({
			currency: listing.currencyCode,
			basePrice: listing.price,
			cleaningFee: listing.cleaningFee,
			extraPersonPrice: listing.priceForExtraPerson,
			damageDeposit: listing.refundableDamageDeposit,
			// Hostaway's discounts are multipliers (0.9 = 10 % off).
			weeklyDiscountPercent: Math.round((1 - listing.weeklyDiscount) * 100),
			monthlyDiscountPercent: Math.round((1 - listing.monthlyDiscount) * 100),
		});
		expect(detail.fees.taxes).toContainEqual({ name: "Occupancy tax", amount: listing.propertyRentTax, unit: "% of the rent" });
		if (listing.guestPerPersonPerNightTax > 0) {
			expect(detail.fees.taxes).toContainEqual({
				name: "Tourist tax",
				amount: listing.guestPerPersonPerNightTax,
				unit: "per guest per night",
			});
		}
		expect(detail.fees.otherFees.map((fee) => [fee.title, fee.amount])).toEqual(
			listing.listingFeeSetting.map((fee) => [fee.feeTitle, fee.amount]),
		);
		expect(detail.houseRules).toMatch(/No parties/);
		expect(result.text).toContain(listing.listingAmenities[0]!.amenityName);
		expect(result.text).toContain(listing.airbnbListingUrl);
		expect(result.raw.length).toBeLessThan(20_000);
	});

	it("never copies door codes or Wi-Fi credentials", async () => {
		const listing = listings.findLast((candidate) => candidate.doorSecurityCode && candidate.wifiPassword && candidate.wifiUsername);
		expect(listing, "a listing with a door code and Wi-Fi credentials").toBeDefined();
		const result = await callPatiently(client, "get_listing", { listingId: listing!.id });
		outputs.push(result.raw);
		expectNoSecrets([result.raw], listingSecrets([listing!]));
		expect(result.raw).not.toMatch(/doorSecurityCode|wifiPassword|wifiUsername/);
	});

	it("answers an unknown listing with a not-found error and bad ids without calling Hostaway", async () => {
		const unknown = await callTool(client, "get_listing", { listingId: 999_999_999 });
		expect(unknown.isError).toBe(true);
		expect(unknown.text).toMatch(/not found/i);
		await expectRefusedWithoutUpstream("get_listing", { listingId: "abc" }, /listingId/);
		await expectRefusedWithoutUpstream("get_listing", { listingId: -4 }, /listingId must be positive/);
		await expectRefusedWithoutUpstream("get_listing", {}, /listingId/);
	});
});

describe("secrets", () => {
	it("no door code, Wi-Fi name or Wi-Fi password of any listing appears in any output of this file", async () => {
		// The list and a few listings' details, so the sweep has outputs even when this test runs alone.
		await list({});
		for (const listing of listings.slice(0, 4)) outputs.push((await callPatiently(client, "get_listing", { listingId: listing.id })).raw);
		expectNoSecrets(outputs, listingSecrets(listings));
	});
});
