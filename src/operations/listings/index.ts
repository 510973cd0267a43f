/** Listings, availability and calendar: the operations of this group, in the order they are listed to the model. */
import type { AnyOperation } from "../registry";

export const listingOperations: AnyOperation[] = [];
