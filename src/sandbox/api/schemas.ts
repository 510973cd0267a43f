/** Shared pieces of the request-body schemas: Hostaway's 0/1 booleans and date strings. */
import { z } from "zod";
import { isValidDate } from "../wire/datetime";

export const zeroOrOne = z.union([z.literal(0), z.literal(1)], { error: "must be 0 or 1" });

export const isoDate = z
	.string({ error: "must be a date in YYYY-MM-DD format" })
	.refine(isValidDate, { error: "must be a date in YYYY-MM-DD format" });

/** Hostaway's docs send some numbers as strings (`"numberOfGuests": "1"`); accept both. */
export const looseInt = z
	.union([z.number(), z.string().regex(/^\d+$/).transform(Number)], { error: "must be an integer" })
	.pipe(z.number().int({ error: "must be an integer" }));
