/** The control API's request bodies. Types come from these schemas. */
import { z } from "zod";
import { RATE_LIMIT_PROFILES } from "./rate-limits";

const rate = z
	.number({ error: "must be a number from 0 to 1" })
	.min(0, { error: "must be from 0 to 1" })
	.max(1, { error: "must be from 0 to 1" });
const milliseconds = z
	.number({ error: "must be a number of milliseconds" })
	.int({ error: "must be a whole number of milliseconds" })
	.min(0, { error: "must not be negative" })
	.max(600_000, { error: "must be at most 600000 (10 minutes)" });

export const ResetRequest = z.object({ accountId: z.string({ error: 'must be a string such as "100001"' }).optional() }).strict();

export const LatencySettings = z
	.object({
		fixedMs: milliseconds,
		jitterMs: milliseconds,
		/**
		 * With a seed, a request's share of the jitter is drawn from the seed and the request itself
		 * (method, path, query) instead of at random: the same request takes as long each time until
		 * the seed changes, so a call and the same requests sent again can be compared like for like.
		 */
		seed: z
			.number({ error: "must be a whole number" })
			.int({ error: "must be a whole number" })
			.min(0)
			.max(2 ** 31)
			.optional(),
	})
	.strict();
export type LatencySettings = z.infer<typeof LatencySettings>;

export const FaultSettings = z
	.object({
		serverErrorRate: rate.optional(),
		serverErrorStatus: z
			.union([z.literal(500), z.literal(502), z.literal(503), z.literal(504)], { error: "must be 500, 502, 503 or 504" })
			.optional(),
		rateLimitStormMs: milliseconds.optional(),
		malformedJsonRate: rate.optional(),
		hangRate: rate.optional(),
		hangMs: milliseconds.optional(),
		pathPrefix: z.string({ error: "must be a string such as /reservations" }).startsWith("/", { error: "must start with /" }).optional(),
		method: z.enum(["GET", "POST", "PUT", "DELETE"], { error: "must be GET, POST, PUT or DELETE" }).optional(),
		count: z
			.number({ error: "must be a whole number" })
			.int({ error: "must be a whole number" })
			.min(1, { error: "must be at least 1" })
			.optional(),
	})
	.strict();
export type FaultSettings = z.infer<typeof FaultSettings>;

export const RevokeTokensRequest = z.object({ accountId: z.string({ error: 'is required, e.g. "100001"' }) }).strict();

/** `profile` left out keeps the current one (`documented` after a reset), so `{"enabled": …}` alone still works. */
export const RateLimitSettings = z
	.object({
		enabled: z.boolean({ error: "must be true or false" }),
		profile: z
			.enum(RATE_LIMIT_PROFILES, { error: 'must be "documented" (Hostaway\'s limits since 2026-08-20) or "legacy" (15/20 per 10 s)' })
			.optional(),
	})
	.strict();

/** A guest's message for `POST /control/guest-messages`; the text is kept exactly as given (not trimmed). */
export const GuestMessage = z
	.object({
		accountId: z.string({ error: 'must be a string such as "100001"' }).optional(),
		conversationId: z
			.number({ error: "is required: the id of one of the account's conversations" })
			.int({ error: "must be a conversation id" })
			.positive({ error: "must be a conversation id" }),
		body: z
			.string({ error: "is required and must be a string" })
			.max(10_000, { error: "must be at most 10000 characters" })
			.refine((text) => text.trim() !== "", { error: "must not be empty" }),
		subject: z.string({ error: "must be a string" }).max(500, { error: "must be at most 500 characters" }).nullable().optional(),
	})
	.strict();
export type GuestMessage = z.infer<typeof GuestMessage>;
