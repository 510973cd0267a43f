/**
 * The Hostaway sandbox as tests drive it, bypassing the product: its two ways in (the Worker's
 * HTTP route and the in-process fetch), its demo accounts, tokens (with the one-second
 * not-before wait), its Hostaway API, and its control API (reset, faults, request log).
 */
import { env, exports } from "cloudflare:workers";
import { invalidateTenantCache } from "../../src/gate/stub";
import { createSandboxFetch } from "../../src/sandbox";
import type { RateLimitProfile } from "../../src/sandbox/control/rate-limits";
import type { LogEntry } from "../../src/sandbox/control/state";

export type Fetcher = (path: string, init?: RequestInit) => Promise<Response>;

export interface SandboxCredentials {
	accountId: string;
	apiKey: string;
}

/** The default demo account (Harbor & Pine Stays) and the second one (Northwind Rentals). */
export const DEMO = { accountId: "100001", apiKey: "sandbox-demo-key-100001" } as const;
export const OTHER = { accountId: "100002", apiKey: "sandbox-demo-key-100002" } as const;
/** The large portfolio (Coastline Collective, 520 listings): seeded on its first use, about a second. */
export const LARGE = { accountId: "100003", apiKey: "sandbox-demo-key-100003" } as const;

/** The synthetic origin of the in-process sandbox, as the product's client uses it. */
export const SANDBOX_ORIGIN = "https://sandbox.hostaway.invalid";

const inProcess = createSandboxFetch(env);

/** Through the Worker's HTTP route, as curl on the dev server would. `path` starts with /v1 or /control. */
export const viaHttp: Fetcher = (path, init) => exports.default.fetch(new Request(`http://localhost/sandbox${path}`, init));

/** Through createSandboxFetch, as the product's Hostaway client does in sandbox mode. */
export const viaFetch: Fetcher = (path, init) => inProcess(`${SANDBOX_ORIGIN}${path}`, init);

/** Both ways in, for the tests that are about routing and the wire contract. */
export const TRANSPORTS: [string, Fetcher][] = [
	["HTTP route", viaHttp],
	["in-process fetch", viaFetch],
];

// ---- control API --------------------------------------------------------------------------

export interface ControlAnswer {
	status: number;
	// eslint-disable-next-line @typescript-eslint/no-explicit-any -- control JSON, asserted field by field
	body: any;
}

/**
 * Calls the control API (`/control${path}`). A non-2xx answer fails the test, unless
 * `allowErrors` is set by a test that is about the control API's own refusals.
 */
export async function control(
	method: string,
	path: string,
	body?: unknown,
	options: { allowErrors?: boolean } = {},
): Promise<ControlAnswer> {
	const response = await viaFetch(`/control${path}`, {
		method,
		headers: body === undefined ? undefined : { "Content-Type": "application/json" },
		body: body === undefined ? undefined : JSON.stringify(body),
	});
	const text = await response.text();
	const answer = { status: response.status, body: text ? JSON.parse(text) : undefined };
	if (!response.ok && !options.allowErrors) throw new Error(`sandbox control ${method} ${path} answered ${response.status}: ${text}`);
	return answer;
}

/**
 * A clean sandbox: every account's portfolio back to the seed (one that was written to is
 * generated again on its next use), token revocations lifted, no faults or latency, and an
 * empty request log.
 * Hostaway's rate limits are switched off unless asked for: most tests are not about them.
 * `rateLimits: true` is Hostaway's documented limits; `"legacy"` the older 15 per IP and 20 per
 * account (src/sandbox/control/rate-limits.ts).
 *
 * The sandbox's data changed behind the product's back, so the product's cached responses of
 * every sandbox account are made unreachable, as a Hostaway webhook would have them: test files
 * that share a runtime (vitest.config.ts) never see each other's data through the cache.
 */
export async function freshSandbox(options: { rateLimits?: boolean | RateLimitProfile } = {}): Promise<void> {
	await control("POST", "/reset", {});
	if (!options.rateLimits) await control("PUT", "/rate-limits", { enabled: false });
	else if (options.rateLimits !== true) await control("PUT", "/rate-limits", { enabled: true, profile: options.rateLimits });
	await Promise.all([DEMO, OTHER, LARGE].map((account) => invalidateTenantCache(env, account.accountId)));
}

/**
 * Waits for `work` while asking the sandbox for its counters every few seconds: it keeps its
 * request log and rate-limit windows in memory, and the Workers runtime evicts a Durable Object
 * that has had no call for about ten seconds, as it would between windows of a long test.
 */
export async function keepingSandboxAwake<T>(work: Promise<T>): Promise<T> {
	let done = false;
	const finished = work.finally(() => {
		done = true;
	});
	while (!done) {
		await Promise.race([finished, new Promise((resolve) => setTimeout(resolve, 3_000))]);
		if (!done) await control("GET", "/stats");
	}
	return finished;
}

/** One call in the sandbox's request log, as the control API documents it. */
export type { LogEntry };

/** The sandbox's own request log (newest last), up to its capacity of 1000 calls. */
export async function sandboxLog(): Promise<LogEntry[]> {
	return (await control("GET", "/log?limit=1000")).body as LogEntry[];
}

/** Clears the request log and counters, so a test sees only its own calls. */
export async function clearSandboxLog(): Promise<void> {
	await control("DELETE", "/log");
}

/** Total API requests the sandbox has answered since the log was last cleared (control calls excluded). */
export async function upstreamRequestCount(): Promise<number> {
	return (await control("GET", "/stats")).body.total as number;
}

/** Calls in the log by method and path (below /v1, or a pattern on the whole path) and optionally status. */
export function countCalls(log: readonly LogEntry[], method: string, path: string | RegExp, status?: number): number {
	return log.filter(
		(entry) =>
			entry.method === method &&
			(typeof path === "string" ? entry.path === `/v1${path}` : path.test(entry.path)) &&
			(status === undefined || entry.status === status),
	).length;
}

/** Requests that change data (anything but reads, price quotes and tokens), in log order. */
export function writesIn(log: readonly LogEntry[]): LogEntry[] {
	return log.filter((entry) => entry.method !== "GET" && !entry.path.endsWith("/priceDetails") && !entry.path.endsWith("/accessTokens"));
}

/** The largest number of one account's calls inside any sliding window of `windowMs`, counted when the sandbox received them (as its rate limits count). */
export function maxCallsInAnyWindow(log: readonly LogEntry[], accountId: string, windowMs = 10_000): number {
	const times = log
		.filter((entry) => entry.accountId === accountId)
		.map((entry) => Date.parse(entry.receivedAt))
		.sort((a, b) => a - b);
	let best = 0;
	for (let start = 0, end = 0; end < times.length; end++) {
		while ((times[end] as number) - (times[start] as number) >= windowMs) start++;
		best = Math.max(best, end - start + 1);
	}
	return best;
}

// ---- Hostaway API -------------------------------------------------------------------------

export function tokenForm(account: SandboxCredentials): string {
	return new URLSearchParams({
		grant_type: "client_credentials",
		client_id: account.accountId,
		client_secret: account.apiKey,
		scope: "general",
	}).toString();
}

export async function issueToken(fetcher: Fetcher, account: SandboxCredentials): Promise<string> {
	const response = await fetcher("/v1/accessTokens", {
		method: "POST",
		headers: { "Content-Type": "application/x-www-form-urlencoded", "Cache-control": "no-cache" },
		body: tokenForm(account),
	});
	const body = (await response.json()) as { access_token?: string };
	if (response.status !== 200 || !body.access_token) throw new Error(`token issue failed with ${response.status}`);
	return body.access_token;
}

/** A token past its one-second not-before. */
export async function usableToken(fetcher: Fetcher, account: SandboxCredentials): Promise<string> {
	const token = await issueToken(fetcher, account);
	await waitPastNotBefore();
	return token;
}

/** Tokens for several accounts (in that order), past their not-before together: one wait for all. */
export async function usableTokens(fetcher: Fetcher, ...accounts: SandboxCredentials[]): Promise<string[]> {
	const tokens = await Promise.all(accounts.map((account) => issueToken(fetcher, account)));
	await waitPastNotBefore();
	return tokens;
}

export function waitPastNotBefore(): Promise<void> {
	return new Promise((resolve) => setTimeout(resolve, 1100));
}

export interface ApiResult {
	status: number;
	// eslint-disable-next-line @typescript-eslint/no-explicit-any -- wire JSON, asserted field by field
	body: any;
}

export async function api(fetcher: Fetcher, token: string, method: string, path: string, body?: unknown): Promise<ApiResult> {
	const { status, body: answer } = await apiWithHeaders(fetcher, token, method, path, body);
	return { status, body: answer };
}

/** As api(), with the response's headers (the rate-limit headers of a 429). */
export async function apiWithHeaders(
	fetcher: Fetcher,
	token: string,
	method: string,
	path: string,
	body?: unknown,
): Promise<ApiResult & { headers: Headers }> {
	const response = await fetcher(`/v1${path}`, {
		method,
		headers: { Authorization: `Bearer ${token}`, ...(body === undefined ? {} : { "Content-Type": "application/json" }) },
		body: body === undefined ? undefined : JSON.stringify(body),
	});
	return { status: response.status, body: await response.json(), headers: response.headers };
}
