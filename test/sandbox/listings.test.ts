/** Listings: Hostaway's filters, sort orders and availability search. */
import { beforeAll, describe, expect, it } from "vitest";
import { businessToday, plusDays } from "../helpers/business-date";
import { DEMO, api, freshSandbox, usableToken, viaFetch } from "../helpers/sandbox";

interface Listing {
	id: number;
	name: string;
	city: string;
	country: string;
	countryCode: string;
	personCapacity: number;
}

let token: string;
let all: Listing[];

beforeAll(async () => {
	await freshSandbox();
	token = await usableToken(viaFetch, DEMO);
	all = (await api(viaFetch, token, "GET", "/listings")).body.result;
});

describe("listings", () => {
	it("filters by city, country and name match, case-insensitively", async () => {
		const lisbon = (await api(viaFetch, token, "GET", "/listings?city=lisbon")).body;
		expect(lisbon.count).toBe(all.filter((l) => l.city === "Lisbon").length);
		expect(lisbon.count).toBeGreaterThan(0);
		const germany = (await api(viaFetch, token, "GET", "/listings?country=Germany")).body.result as Listing[];
		expect(germany.length).toBeGreaterThan(0);
		expect(germany.every((l) => l.countryCode === "DE")).toBe(true);
		const chalet = (await api(viaFetch, token, "GET", "/listings?match=CHALET")).body.result as Listing[];
		expect(chalet.map((l) => l.name)).toEqual(all.filter((l) => /chalet/i.test(l.name)).map((l) => l.name));
	});

	it("pages with limit and offset and sorts by name", async () => {
		const page = (await api(viaFetch, token, "GET", "/listings?limit=5&offset=5")).body;
		expect(page).toMatchObject({ count: all.length, limit: 5, offset: 5 });
		expect(page.result.map((l: Listing) => l.id)).toEqual(all.slice(5, 10).map((l) => l.id));
		const byName = (await api(viaFetch, token, "GET", "/listings?sortOrder=name")).body.result.map((l: Listing) => l.name);
		expect(byName).toEqual([...byName].sort((a: string, b: string) => a.localeCompare(b)));
		const reversed = (await api(viaFetch, token, "GET", "/listings?sortOrder=nameReversed")).body.result.map((l: Listing) => l.name);
		expect(reversed).toEqual([...byName].reverse());
	});

	it("finds listings free for a date range and large enough for a party", async () => {
		const big = (await api(viaFetch, token, "GET", "/listings?availabilityGuestNumber=6")).body.result as Listing[];
		expect(big.length).toBeGreaterThan(0);
		expect(big.every((l) => l.personCapacity >= 6)).toBe(true);

		// Listings with a confirmed arrival today are occupied tonight; they must not be offered for tonight.
		const today = businessToday();
		const arriving = (
			await api(viaFetch, token, "GET", `/reservations?arrivalStartDate=${today}&arrivalEndDate=${today}&limit=500`)
		).body.result.filter((r: { status: string }) => ["new", "modified"].includes(r.status));
		expect(arriving.length).toBeGreaterThan(0);
		const free = (await api(viaFetch, token, "GET", `/listings?availabilityDateStart=${today}&availabilityDateEnd=${plusDays(today, 1)}`))
			.body.result as Listing[];
		const freeIds = new Set(free.map((l) => l.id));
		for (const reservation of arriving) expect(freeIds.has(reservation.listingMapId)).toBe(false);
		// Exactly the listings whose calendar shows tonight available are offered.
		const availableTonight: number[] = [];
		for (const listing of all) {
			const [night] = (await api(viaFetch, token, "GET", `/listings/${listing.id}/calendar?startDate=${today}&endDate=${today}`)).body
				.result;
			if (night.status === "available") availableTonight.push(listing.id);
		}
		expect([...freeIds].sort((a, b) => a - b)).toEqual(availableTonight.sort((a, b) => a - b));

		const lonely = await api(viaFetch, token, "GET", `/listings?availabilityDateStart=${plusDays(today, 3)}`);
		expect(lonely.status).toBe(400);
	});
});
