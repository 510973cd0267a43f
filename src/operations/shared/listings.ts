/**
 * Reading the portfolio: all listings of an account (paged through), and the compact
 * listing row every listing-shaped result uses. Secret fields are never copied.
 */
import { z } from "zod";
import type { HostawayClient, Listing } from "../../hostaway";
import { todayIn } from "../dates";
import { type ProgressReporter, reportPage, silentProgress } from "../progress";

/** Page size for walking lists; Hostaway's documented default for reservations. */
export const PAGE_SIZE = 100;
/** A portfolio larger than this is read partially; results say so. */
export const MAX_LISTINGS = 1_000;

/** Every listing of the account (archived ones excluded unless asked for), each page read reported to `progress`. */
export async function loadAllListings(
	client: HostawayClient,
	options: { includeArchived?: boolean } = {},
	progress: ProgressReporter = silentProgress,
): Promise<{ listings: Listing[]; complete: boolean }> {
	const listings: Listing[] = [];
	for (let offset = 0; offset < MAX_LISTINGS; offset += PAGE_SIZE) {
		const page = await client.listListings({ limit: PAGE_SIZE, offset });
		reportPage(progress, "listings", {
			done: offset / PAGE_SIZE + 1,
			pageSize: PAGE_SIZE,
			count: page.count,
			maxPages: MAX_LISTINGS / PAGE_SIZE,
		});
		listings.push(...page.items);
		if (page.items.length < PAGE_SIZE || (page.count !== null && offset + PAGE_SIZE >= page.count)) {
			return { listings: listings.filter((l) => options.includeArchived || l.specialStatus !== "archived"), complete: true };
		}
	}
	return { listings: listings.filter((l) => options.includeArchived || l.specialStatus !== "archived"), complete: false };
}

export const listingRowSchema = z.object({
	id: z.number().int(),
	name: z.string(),
	city: z.string().nullable(),
	country: z.string().nullable(),
	timeZone: z.string().nullable(),
	maxGuests: z.number().int().nullable(),
	bedrooms: z.number().int().nullable(),
	bathrooms: z.number().nullable(),
	basePrice: z.number().nullable(),
	currency: z.string().nullable(),
	checkInFrom: z.number().int().nullable().describe("Check-in hour, listing-local (0-23)"),
	checkOutBy: z.number().int().nullable().describe("Check-out hour, listing-local (0-23)"),
});
export type ListingRow = z.infer<typeof listingRowSchema>;

export function listingName(listing: Pick<Listing, "id" | "name" | "externalListingName" | "internalListingName">): string {
	return listing.name || listing.externalListingName || listing.internalListingName || `Listing ${listing.id}`;
}

export function toListingRow(listing: Listing): ListingRow {
	return {
		id: listing.id,
		name: listingName(listing),
		city: listing.city ?? null,
		country: listing.countryCode || listing.country || null,
		timeZone: listing.timeZoneName ?? null,
		maxGuests: listing.personCapacity ?? null,
		bedrooms: listing.bedroomsNumber ?? null,
		bathrooms: listing.bathroomsNumber ?? null,
		basePrice: listing.price ?? null,
		currency: listing.currencyCode ?? null,
		checkInFrom: listing.checkInTimeStart ?? null,
		checkOutBy: listing.checkOutTime ?? null,
	};
}

/** Today in the listing's time zone (UTC when it has none). */
export function listingToday(listing: Pick<Listing, "timeZoneName">, now: Date): string {
	return todayIn(listing.timeZoneName, now);
}

export function formatHour(hour: number | null | undefined): string {
	if (hour === null || hour === undefined) return "?";
	return `${String(hour).padStart(2, "0")}:00`;
}
