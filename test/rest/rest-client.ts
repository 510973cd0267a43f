/**
 * REST calls for the workers tests: requests into the Worker's default export, as the network
 * would send them, built from an operation's arguments and its route (routes.ts), so a test can
 * call the same operation as a REST route and as an MCP tool with the same arguments.
 */
import { REST_BASE_PATH, type RestRoute } from "../../src/rest/routes";
import { letRateBudgetRefill } from "../helpers/tools";
import { WORKER_ORIGIN, workerFetch } from "../helpers/mcp-client";

export interface RestAnswer<T = Record<string, unknown>> {
	status: number;
	body: T & { error?: { code: string; message: string; field?: string } };
	headers: Headers;
}

export interface RestOptions {
	/** The API key, sent as `Authorization: Bearer`; none when undefined. */
	key?: string;
	/** Sent as `X-API-Key` instead. */
	xApiKey?: string;
	idempotencyKey?: string;
	query?: Record<string, string | number | boolean | (string | number)[]>;
	body?: unknown;
}

export async function restCall<T = Record<string, unknown>>(
	method: string,
	path: string,
	options: RestOptions = {},
): Promise<RestAnswer<T>> {
	const url = new URL(path, WORKER_ORIGIN);
	for (const [name, value] of Object.entries(options.query ?? {})) {
		for (const item of Array.isArray(value) ? value : [value]) url.searchParams.append(name, String(item));
	}
	const headers: Record<string, string> = {};
	if (options.key) headers.Authorization = `Bearer ${options.key}`;
	if (options.xApiKey) headers["X-API-Key"] = options.xApiKey;
	if (options.idempotencyKey) headers["Idempotency-Key"] = options.idempotencyKey;
	if (options.body !== undefined) headers["Content-Type"] = "application/json";
	const response = await workerFetch(url, {
		method,
		headers,
		body: options.body === undefined ? undefined : JSON.stringify(options.body),
	});
	const text = await response.text();
	return { status: response.status, body: (text ? JSON.parse(text) : {}) as RestAnswer<T>["body"], headers: response.headers };
}

/** The route's request for an operation's arguments: path parameters from their fields, the rest as query (GET) or body. */
export function requestFor(route: RestRoute, args: Record<string, unknown>): { method: string; path: string; options: RestOptions } {
	const rest = { ...args };
	let path = REST_BASE_PATH + route.path;
	for (const [param, field] of Object.entries(route.pathParams ?? {})) {
		path = path.replace(`{${param}}`, encodeURIComponent(String(rest[field])));
		delete rest[field];
	}
	const method = route.method.toUpperCase();
	return route.method === "get"
		? { method, path, options: { query: rest as RestOptions["query"] } }
		: { method, path, options: { body: rest } };
}

/** A call that waits for the product's rate budget when it refuses one (a refused call sent nothing upstream). */
export async function restPatiently<T = Record<string, unknown>>(
	method: string,
	path: string,
	options: RestOptions,
): Promise<RestAnswer<T>> {
	for (let attempt = 1; ; attempt++) {
		const answer = await restCall<T>(method, path, options);
		if (!(answer.status === 429 && /request budget is used up/.test(answer.body.error?.message ?? "") && attempt < 4)) return answer;
		await letRateBudgetRefill();
	}
}
