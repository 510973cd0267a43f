/**
 * The product's Hostaway client as these tests build it: against the real sandbox (in-process
 * fetch), the real TenantGate and KV, in sandbox mode with the configuration defaults
 * (Hostaway's 10-second rate window, not the 1-second window of the other Workers tests).
 * The sandbox itself (control API, request log, accounts) is driven with test/helpers/sandbox.ts.
 */
import { abortAllDurableObjects } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { parseConfig } from "../../src/config";
import { tokenKey } from "../../src/gate/keys";
import type { SealedToken } from "../../src/gate/tenant-gate";
import { createTenantHostawayClient, type TenantClientOptions } from "../../src/gate/tenant-client";
import type { HostawayClient } from "../../src/hostaway/client";
import { createSandboxFetch } from "../../src/sandbox";
import type { SandboxCredentials } from "../helpers/sandbox";

/** Sandbox mode, as `npm run dev` runs it, with every other setting at its default. */
export const sandboxConfig = parseConfig({ HOSTAWAY_BASE_URL: "sandbox" });

/** Test-speed settings: short backoff and timeouts; the logic is the same as with the defaults. */
export const FAST: Omit<TenantClientOptions, "fetch"> = {
	retry: { baseDelayMs: 20, maxDelayMs: 200, budgetMs: 6_000 },
	timeoutMs: 3_000,
};

export function clientFor(credentials: SandboxCredentials, options: Partial<TenantClientOptions> = {}): HostawayClient {
	return createTenantHostawayClient(env, sandboxConfig, credentials, {
		fetch: createSandboxFetch(env),
		...FAST,
		...options,
	});
}

/**
 * A client as clientFor builds it, whose TenantGate is reached through a stub that records the
 * name of every method called on it: one entry per round trip to the account's gate.
 */
export function clientCountingGateCalls(
	credentials: SandboxCredentials,
	options: Partial<TenantClientOptions> = {},
): { client: HostawayClient; gateCalls: string[] } {
	const gateCalls: string[] = [];
	const namespace = env.TENANT_GATE;
	const countingNamespace = {
		idFromName: (name: string) => namespace.idFromName(name),
		get: (id: DurableObjectId) => {
			const stub = namespace.get(id) as unknown as Record<string, (...args: unknown[]) => unknown>;
			return new Proxy(
				{},
				{
					get:
						(_target, method: string) =>
						(...args: unknown[]) => {
							gateCalls.push(method);
							return stub[method]!(...args);
						},
				},
			);
		},
	} as unknown as typeof namespace;
	const client = createTenantHostawayClient({ TENANT_GATE: countingNamespace, CACHE: env.CACHE }, sandboxConfig, credentials, {
		fetch: createSandboxFetch(env),
		...FAST,
		...options,
	});
	return { client, gateCalls };
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

/**
 * As after a deploy: every Durable Object loses what it holds in memory. TenantGates forget
 * their rate windows and the token they hand out; the sandbox keeps its data and settings,
 * which are stored, and loses its request log and rate-limit windows.
 */
export async function restartDurableObjects(): Promise<void> {
	await abortAllDurableObjects();
}

/** As after a deploy, with no token for the account anywhere: the next call must mint one. */
export async function coldStart(account: SandboxCredentials): Promise<void> {
	await env.CACHE.delete(tokenKey(account.accountId));
	await restartDurableObjects();
}

/**
 * Makes the account's stored token look minted `ageMs` ago (its not-before moment moved back;
 * the token itself is unchanged), and the gate forget the token it holds in memory, so the
 * next client takes the aged one from KV.
 */
export async function ageStoredToken(account: SandboxCredentials, ageMs = 11 * 60 * 1000): Promise<void> {
	const raw = await env.CACHE.get(tokenKey(account.accountId));
	if (raw === null) throw new Error(`account ${account.accountId} has no stored token to age`);
	const sealed = JSON.parse(raw) as SealedToken;
	await env.CACHE.put(tokenKey(account.accountId), JSON.stringify({ ...sealed, notBefore: sealed.notBefore - ageMs }));
	await restartDurableObjects();
}
