/** Friendly inputs for listing reads, mapped to Hostaway's documented query names (hostaway-api.md §4.2). */
import type { QueryValue } from "../transport";
import { checkDate } from "./checks";

export const LISTING_SORT_ORDERS = [
	"name",
	"nameReversed",
	"order",
	"orderReversed",
	"contactName",
	"contactNameReversed",
	"latestActivity",
	"latestActivityDesc",
] as const;
export type ListingSortOrder = (typeof LISTING_SORT_ORDERS)[number];

export interface ListListingsInput {
	limit?: number;
	offset?: number;
	sortOrder?: ListingSortOrder;
	city?: string;
	country?: string;
	/** Text searched in listing names (Hostaway's `match`). */
	nameSearch?: string;
	/** Only listings available from this date (`availabilityDateStart`)… */
	availableFrom?: string;
	/** …to this date (`availabilityDateEnd`). */
	availableTo?: string;
	/** Only listings that take this many guests (`availabilityGuestNumber`). */
	guests?: number;
	/** Fill nested resources (amenities, images…); Hostaway's default is off. */
	includeResources?: boolean;
}

export function listingsQuery(input: ListListingsInput): Record<string, QueryValue> {
	return {
		limit: input.limit,
		offset: input.offset,
		sortOrder: input.sortOrder,
		city: input.city,
		country: input.country,
		match: input.nameSearch,
		availabilityDateStart: checkDate(input.availableFrom, "availability start date"),
		availabilityDateEnd: checkDate(input.availableTo, "availability end date"),
		availabilityGuestNumber: input.guests,
		includeResources: input.includeResources,
	};
}
