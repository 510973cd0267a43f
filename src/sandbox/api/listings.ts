/** `GET /listings` and `GET /listings/{listingId}`. */
import { indexNights } from "../domain/calendar";
import type { ListingRecord } from "../seed/templates";
import { dayNumberOf } from "../wire/datetime";
import { badRequest, notFound, ok, shortList, slice, type ApiReply } from "../wire/replies";
import type { HandlerContext } from "./context";

const SORT_ORDERS: Record<string, (a: ListingRecord, b: ListingRecord) => number> = {
	name: (a, b) => a.name.localeCompare(b.name),
	nameReversed: (a, b) => b.name.localeCompare(a.name),
	order: (a, b) => a.id - b.id,
	orderReversed: (a, b) => b.id - a.id,
	contactName: (a, b) => a.contactName.localeCompare(b.contactName) || a.id - b.id,
	contactNameReversed: (a, b) => b.contactName.localeCompare(a.contactName) || b.id - a.id,
	latestActivity: (a, b) => a.latestActivityOn.localeCompare(b.latestActivityOn),
	latestActivityDesc: (a, b) => b.latestActivityOn.localeCompare(a.latestActivityOn),
};

export function findListing(ctx: HandlerContext, id: number): ListingRecord {
	const listing = ctx.store.listings.get(id);
	if (!listing) throw notFound("Listing not found");
	return listing;
}

/** True when no night in [start, end) is reserved, pending or blocked by the host. */
export function isAvailable(ctx: HandlerContext, listing: ListingRecord, start: number, end: number): boolean {
	const nights = indexNights([...ctx.store.reservations.values()].filter((r) => r.listingMapId === listing.id));
	const overrides = ctx.store.calendar.get(listing.id);
	for (let day = start; day < end; day++) {
		if (nights.occupying(day).length > 0) return false;
		if (overrides?.get(new Date(day * 86_400_000).toISOString().slice(0, 10))?.isAvailable === 0) return false;
	}
	return true;
}

export function listListings(ctx: HandlerContext): ApiReply {
	const { query } = ctx;
	const page = query.page(null);
	const city = query.string("city")?.toLowerCase();
	const country = query.string("country")?.toLowerCase();
	const contactName = query.string("contactName")?.toLowerCase();
	const match = query.string("match")?.toLowerCase();
	const propertyTypeId = query.int("propertyTypeId");
	const guests = query.int("availabilityGuestNumber", { min: 1 });
	const availableFrom = query.date("availabilityDateStart");
	const availableTo = query.date("availabilityDateEnd");
	if ((availableFrom === undefined) !== (availableTo === undefined)) {
		throw badRequest("availabilityDateStart and availabilityDateEnd must be sent together");
	}
	if (availableFrom && availableTo && availableTo <= availableFrom) {
		throw badRequest("availabilityDateEnd must be after availabilityDateStart");
	}
	const sortOrder = query.string("sortOrder");
	const sorter = sortOrder === undefined ? undefined : SORT_ORDERS[sortOrder];
	if (sortOrder !== undefined && !sorter) throw badRequest(`sortOrder must be one of ${Object.keys(SORT_ORDERS).join(", ")}`);

	let listings = [...ctx.store.listings.values()].filter(
		(listing) =>
			(city === undefined || listing.city.toLowerCase() === city) &&
			(country === undefined || listing.country.toLowerCase() === country || listing.countryCode.toLowerCase() === country) &&
			(contactName === undefined || listing.contactName.toLowerCase().includes(contactName)) &&
			(match === undefined ||
				[listing.name, listing.internalListingName, listing.externalListingName].some((name) => name.toLowerCase().includes(match))) &&
			(propertyTypeId === undefined || listing.propertyTypeId === propertyTypeId) &&
			(guests === undefined || listing.personCapacity >= guests),
	);
	if (availableFrom && availableTo) {
		const start = dayNumberOf(availableFrom);
		const end = dayNumberOf(availableTo);
		listings = listings.filter((listing) => isAvailable(ctx, listing, start, end));
	}
	if (sorter) listings.sort(sorter);
	return shortList(slice(listings, page), listings.length, page);
}

export function getListing(ctx: HandlerContext): ApiReply {
	return ok(findListing(ctx, ctx.idParam("listingId", "Listing")));
}
