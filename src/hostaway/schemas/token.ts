/**
 * The access-token response of `POST /v1/accessTokens` (hostaway-api.md §1.1): documented as a
 * flat OAuth object, reported by one client as wrapped in `{status, result}`. Both are read.
 */
import { z } from "zod";
import { lenientInteger } from "./lenient";

const TokenFieldsSchema = z.looseObject({
	access_token: z.string({ error: "the token response has no access_token" }).min(1),
	token_type: z.string().optional(),
	expires_in: lenientInteger,
});

export const TokenResponseSchema = z.preprocess((body) => {
	if (typeof body === "object" && body !== null && !("access_token" in body)) {
		const result = (body as { result?: unknown }).result;
		if (typeof result === "object" && result !== null) return result;
	}
	return body;
}, TokenFieldsSchema);
