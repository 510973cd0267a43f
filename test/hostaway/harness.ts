/**
 * Test harness for the Hostaway client against the real sandbox (in-process fetch, its own
 * Durable Objects) and the real TenantGate and KV. Counts come from the sandbox's own log
 * and from a wrapper around the fetch the client is given (the wrapper only records).
 */
import { env } from "cloudflare:workers";
import { parseConfig } from "../../src/config";
import type { HostawayClient } from "../../src/hostaway/client";
import { createTenantHostawayClient, type TenantClientOptions } from "../../src/gate/tenant-client";
import { createSandboxFetch } from "../../src/sandbox";

export const SANDBOX_ORIGIN = "https://sandbox.hostaway.invalid";
export const ACCOUNT_A = { accountId: "100001", apiKey: "sandbox-demo-key-100001" } as const;
export const ACCOUNT_B = { accountId: "100002", apiKey: "sandbox-demo-key-100002" } as const;

/** Sandbox mode, as `npm run dev` runs it. */
export const sandboxConfig = parseConfig({ HOSTAWAY_BASE_URL: "sandbox" });

export interface LogEntry {
	method: string;
	path: string;
	query: Record<string, string>;
	accountId: string | null;
	status: number;
	at: string;
}

/** Calls the sandbox's control API and returns its JSON answer; throws on a non-2xx answer. */
export async function control(method: string, path: string, body?: unknown): Promise<unknown> {
	const response = await createSandboxFetch(env)(`${SANDBOX_ORIGIN}/control${path}`, {
		method,
		headers: body === undefined ? undefined : { "Content-Type": "application/json" },
		body: body === undefined ? undefined : JSON.stringify(body),
	});
	const text = await response.text();
	if (!response.ok) throw new Error(`control ${method} ${path} answered ${response.status}: ${text}`);
	return text ? JSON.parse(text) : undefined;
}

/** A clean sandbox: data, faults, latency, rate limits, log and counters back to their defaults. */
export async function resetSandbox(): Promise<void> {
	await control("POST", "/reset", {});
	await control("DELETE", "/log");
}

export async function sandboxLog(): Promise<LogEntry[]> {
	const answer = (await control("GET", "/log?limit=1000")) as { entries?: LogEntry[] } | LogEntry[];
	return Array.isArray(answer) ? answer : (answer.entries ?? []);
}

/** Calls the sandbox saw, by method and path (below /v1) and optionally status. */
export function countCalls(log: LogEntry[], method: string, path: string | RegExp, status?: number): number {
	return log.filter(
		(entry) =>
			entry.method === method &&
			(typeof path === "string" ? entry.path === `/v1${path}` : path.test(entry.path)) &&
			(status === undefined || entry.status === status),
	).length;
}

/** The largest number of calls from one account inside any 10-second window (sliding). */
export function maxCallsInAnyWindow(log: LogEntry[], accountId: string, windowMs = 10_000): number {
	const times = log
		.filter((entry) => entry.accountId === accountId)
		.map((entry) => Date.parse(entry.at))
		.sort((a, b) => a - b);
	let best = 0;
	for (let start = 0, end = 0; end < times.length; end++) {
		while ((times[end] as number) - (times[start] as number) >= windowMs) start++;
		best = Math.max(best, end - start + 1);
	}
	return best;
}

/** The sandbox's fetch, wrapped to record each request's method and URL (and nothing else). */
export function recordingSandboxFetch(clientIp?: string): { fetch: typeof fetch; requests: Array<{ method: string; url: string }> } {
	const inner = createSandboxFetch(env, { clientIp });
	const requests: Array<{ method: string; url: string }> = [];
	return {
		requests,
		fetch: (input, init) => {
			const request = new Request(input, init);
			requests.push({ method: request.method, url: request.url });
			return inner(request);
		},
	};
}

/** Test-speed settings: short backoff and timeouts; the logic is the same as with the defaults. */
export const FAST: Omit<TenantClientOptions, "fetch"> = {
	retry: { baseDelayMs: 20, maxDelayMs: 200, budgetMs: 6_000 },
	timeoutMs: 3_000,
};

export function clientFor(credentials: { accountId: string; apiKey: string }, options: Partial<TenantClientOptions> = {}): HostawayClient {
	return createTenantHostawayClient(env, sandboxConfig, credentials, {
		fetch: createSandboxFetch(env),
		...FAST,
		...options,
	});
}
