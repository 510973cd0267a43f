/**
 * The one way to get a Hostaway client for a tenant: wires the client (src/hostaway) to the
 * tenant's TenantGate, its encrypted token in KV and its encrypted response cache.
 *
 * The caller passes `fetch`: the sandbox's in-process fetch in sandbox mode, the global fetch
 * in live mode. Build one client per operation (it is cheap) and read `client.metrics` after.
 */
import { type Config, requireEncryptionKey } from "../config";
import { HostawayClient } from "../hostaway/client";
import type { RateWaitObserver } from "../hostaway/ports";
import { RATE_COUNTERS, type RateCounter } from "../hostaway/rate-counters";
import type { RetryPolicy } from "../hostaway/retry";
import type { HostawayCredentials, TokenPolicy } from "../hostaway/tokens";
import { Sealer } from "../crypto/sealer";
import { GatePorts } from "./gate-ports";
import { checkTenantId } from "./keys";
import { IsolateResponseMemo } from "./isolate-response-memo";
import { KvResponseCache } from "./kv-response-cache";
import { KvTokenStore } from "./kv-token-store";
import type { RateBudget } from "./rate-window";
import { tenantGate } from "./stub";
import { TokenSealer } from "./token-seal";

export interface TenantClientOptions {
	fetch: typeof fetch;
	/**
	 * Everything below is optional and overrides a default: from configuration (the HOSTAWAY_RATE_*
	 * budgets, HOSTAWAY_RATE_WINDOW_MS, HOSTAWAY_RATE_MAX_WAIT_MS, HOSTAWAY_TIMEOUT_MS) or from the
	 * client (retry and token policies, caching on). `rateBudget` is the general counter's,
	 * `counterBudgets` those of the counters with their own limit.
	 */
	rateBudget?: Partial<RateBudget>;
	counterBudgets?: Partial<Record<Exclude<RateCounter, "general">, Partial<RateBudget>>>;
	gateMaxWaitMs?: number;
	/** When the call this client serves must be answered (ms since the epoch); see TransportOptions.callDeadline. */
	callDeadline?: number;
	timeoutMs?: number;
	retry?: Partial<RetryPolicy>;
	tokenPolicy?: Partial<TokenPolicy>;
	/** false = no response cache for this client. */
	cache?: boolean;
	/** Told while a request waits for its turn in the rate budget (progress for the caller). */
	rateWaits?: RateWaitObserver;
}

export function createTenantHostawayClient(
	env: Pick<Env, "TENANT_GATE" | "CACHE">,
	config: Config,
	credentials: HostawayCredentials,
	options: TenantClientOptions,
): HostawayClient {
	// The tenant id is the Hostaway account id for now.
	const tenantId = checkTenantId(credentials.accountId);
	const sealer = new Sealer(requireEncryptionKey(config));
	const tokenSealer = new TokenSealer(sealer, tenantId);
	const overrides: Partial<Record<RateCounter, Partial<RateBudget>>> = { ...options.counterBudgets, general: options.rateBudget };
	const budgets = Object.fromEntries(
		RATE_COUNTERS.map((counter) => [counter, { ...config.rateBudget.counters[counter], ...overrides[counter] }]),
	) as Record<RateCounter, RateBudget>;
	const gate = new GatePorts(tenantGate(env, tenantId), budgets, tokenSealer);
	return new HostawayClient({
		baseUrl: config.hostawayBaseUrl,
		fetch: options.fetch,
		credentials,
		gate,
		generations: gate,
		tokenCoordinator: gate,
		tokenStore: new KvTokenStore(env.CACHE, tokenSealer, tenantId),
		cache: options.cache === false ? undefined : new IsolateResponseMemo(new KvResponseCache(env.CACHE, sealer, tenantId), tenantId),
		timeoutMs: options.timeoutMs ?? config.hostawayTimeoutMs,
		gateMaxWaitMs: options.gateMaxWaitMs ?? config.rateBudget.maxWaitMs,
		callDeadline: options.callDeadline,
		retry: options.retry,
		tokenPolicy: options.tokenPolicy,
		rateWaits: options.rateWaits,
	});
}
