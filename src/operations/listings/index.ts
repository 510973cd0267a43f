/** Listings, availability and calendar: the operations of this group, in the order they are listed to the model. */
import type { AnyOperation } from "../registry";
import { checkAvailability } from "./check-availability";
import { findAvailableListings } from "./find-available-listings";
import { getCalendar } from "./get-calendar";
import { getListing } from "./get-listing";
import { listListings } from "./list-listings";
import { updateCalendar } from "./update-calendar";

export const listingOperations: AnyOperation[] = [
	listListings,
	getListing,
	checkAvailability,
	findAvailableListings,
	getCalendar,
	updateCalendar,
];
