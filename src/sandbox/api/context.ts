/**
 * What an API handler gets: the account's data, the parsed request and the clock (real time
 * for tokens, the business day for records). Handlers
 * return an ApiReply or throw a SandboxError; they never see HTTP objects, which stay in the
 * front door.
 */
import type { z } from "zod";
import type { SandboxAccount } from "../accounts";
import { Random } from "../seed/random";
import type { SandboxClock } from "../clock";
import type { AccountStore } from "../store/account-store";
import type { TokenStore } from "../store/token-store";
import { badRequest, notFound } from "../wire/replies";
import { Query } from "../wire/query";
import type { RouteMatch } from "./routes";

/** A Hostaway API call as the front door hands it to an account's Durable Object (RPC). */
export interface ApiCall {
	accountId: string;
	method: string;
	/** The path below `/v1`, e.g. `/listings/310000`. */
	path: string;
	query: [string, string][];
	authorization: string | null;
	contentType: string | null;
	bodyText: string | null;
	route: RouteMatch | null;
}

export class HandlerContext {
	readonly query: Query;
	/** Randomness for ids, codes and hashes of records the API creates (not seeded). */
	readonly random = new Random(crypto.getRandomValues(new Uint32Array(1))[0] ?? 1);

	constructor(
		readonly call: ApiCall,
		readonly account: SandboxAccount,
		readonly store: AccountStore,
		readonly tokens: TokenStore,
		readonly clock: SandboxClock,
	) {
		this.query = new Query(call.query);
	}

	param(name: string): string {
		return this.call.route?.params[name] ?? "";
	}

	/** A numeric id from the path; anything else cannot name a record, so it is "not found". */
	idParam(name: string, entity: string): number {
		const raw = this.param(name);
		if (!/^\d{1,15}$/.test(raw)) throw notFound(`${entity} not found`);
		return Number(raw);
	}

	/** The JSON body, validated; the error names the offending field. */
	body<Schema extends z.ZodType>(schema: Schema): z.infer<Schema> {
		let value: unknown;
		try {
			value = JSON.parse(this.call.bodyText ?? "");
		} catch {
			throw badRequest("Request body must be valid JSON");
		}
		const parsed = schema.safeParse(value);
		if (!parsed.success) throw badRequest(describeIssues(parsed.error));
		return parsed.data;
	}
}

export function describeIssues(error: z.ZodError): string {
	return error.issues
		.slice(0, 5)
		.map((issue) => {
			const field = issue.path.map(String).join(".");
			return field ? `${field}: ${issue.message}` : issue.message;
		})
		.join("; ");
}
