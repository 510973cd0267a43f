/**
 * Sends one logical request to Hostaway: cache lookup, token, a slot from the account's rate
 * budget, the HTTP exchange with a timeout, status classification, and the retries that are
 * safe. Returns the parsed JSON body of a success; everything else ends in a HostawayError.
 *
 * A write (a request that changes data) is sent again only when Hostaway certainly did not
 * act on it (429, a refused token), and not after a 403 with a token minted minutes ago, which
 * refuses the write itself rather than the token. A write whose outcome is unknown (network error, timeout,
 * 5xx, an accepted answer that cannot be read) is never repeated, not even one that would be
 * harmless to repeat: it ends in HostawayOutcomeUnknownError and the caller is told to look
 * first, so one confirmation never sends a change twice (ARCHITECTURE.md invariant 6).
 */
import {
	HostawayAuthenticationError,
	type HostawayError,
	HostawayInvalidRequestError,
	HostawayNotFoundError,
	HostawayOutcomeUnknownError,
	HostawayRateLimitedError,
	HostawayRefusedError,
	HostawayTimeoutError,
	HostawayUnavailableError,
	HostawayUnexpectedResponseError,
} from "./errors";
import type { HostawayMetrics } from "./metrics";
import type {
	CachedResponse,
	CacheGenerations,
	Clock,
	RateGate,
	RateWaitObserver,
	ResponseCache,
	SlotDecision,
	SlotRequest,
	StoredToken,
} from "./ports";
import { rateCounterOf } from "./rate-counters";
import { type RateLimitHeaders, rateLimitHeadersOf, readRateLimitAnswer } from "./rate-limit-answer";
import { backoffDelayMs, rateLimitWaitMs, RETRYABLE_STATUSES, type RetryPolicy } from "./retry";
import { errorTextOf, isFailureEnvelope } from "./schemas/envelope";
import type { TokenManager } from "./tokens";

export type QueryValue = string | number | boolean | null | undefined;

export interface RequestSpec {
	method: "GET" | "POST" | "PUT" | "DELETE";
	/** Path under the base URL, starting with "/" (ids already validated). */
	path: string;
	/** Undefined and null values are left out; booleans go as 1/0 as Hostaway expects. */
	query?: Record<string, QueryValue>;
	/** JSON body. */
	json?: unknown;
	/** Form-encoded body (the token call only). */
	form?: Record<string, string>;
	/** Send `Authorization: Bearer <token>` (every call but the token calls). */
	authenticated: boolean;
	/**
	 * It changes data in Hostaway: never repeated after a failure that may have reached Hostaway,
	 * and the tenant's cached responses are invalidated once it may have arrived.
	 */
	changesData: boolean;
	/**
	 * A change to an existing reservation, which Hostaway itself refuses with 403 when a channel
	 * manages the booking (hostaway-api.md §1.3): then a 403 with a token minted minutes ago is
	 * that refusal, not the token. Elsewhere a 403 is the token's (revoked), replaced once.
	 */
	channelMayRefuse?: boolean;
	/** For reads worth caching: a kind (part of the key, for humans) and a TTL. */
	cache?: { kind: string; ttlSeconds: number };
	/** What the request is about, for error messages ("listing 123"). */
	subject: string;
}

export interface TransportOptions {
	baseUrl: string;
	fetch: typeof fetch;
	gate: RateGate;
	generations: CacheGenerations;
	cache?: ResponseCache;
	clock: Clock;
	metrics: HostawayMetrics;
	retry: RetryPolicy;
	/** Per upstream request, body included. */
	timeoutMs: number;
	/** The longest a request waits for its turn in the rate budget (on top of the retry budget). */
	gateMaxWaitMs: number;
	/**
	 * When the whole call this client serves must be answered (clock milliseconds): no request
	 * waits for its turn past it, so a fan-out or page walk learns in time that it must stop and
	 * answer with what it has (src/operations/partial-answers.ts). Undefined: no such bound.
	 */
	callDeadline?: number;
	random?: () => number;
	/** Strings that must never appear in an error message (the API key). */
	secrets: string[];
	/** Told while a request waits for its turn in the rate budget (progress for the caller). */
	rateWaits?: RateWaitObserver;
}

const MAX_DETAIL_LENGTH = 300;

/**
 * Cached bodies, parsed once per cache entry object: a cache that keeps entries in memory (the
 * isolate's memo) hands out the same object on every hit, so its body is not parsed again on
 * each. Frozen, because every hit shares it: readers get their own objects from the record
 * schemas, and a value that reaches them unparsed (an unknown field) cannot be changed for the next.
 */
const parsedBodies = new WeakMap<CachedResponse, unknown>();

function parsedBodyOf(cached: CachedResponse): unknown {
	let parsed = parsedBodies.get(cached);
	if (parsed === undefined) {
		parsed = deepFreeze(JSON.parse(cached.body) as unknown);
		parsedBodies.set(cached, parsed);
	}
	return parsed;
}

function deepFreeze<T>(value: T): T {
	if (typeof value === "object" && value !== null && !Object.isFrozen(value)) {
		Object.freeze(value);
		for (const child of Object.values(value)) deepFreeze(child);
	}
	return value;
}

/** Query parameters in a stable order; undefined and null left out, booleans as 1/0. */
function queryString(query: RequestSpec["query"]): string {
	const params = new URLSearchParams();
	for (const [name, value] of Object.entries(query ?? {}).sort(([a], [b]) => a.localeCompare(b))) {
		if (value === undefined || value === null) continue;
		params.set(name, typeof value === "boolean" ? (value ? "1" : "0") : String(value));
	}
	return params.toString();
}

/** The same request always gives the same key, whatever order its parameters were given in. */
function requestKey(spec: Pick<RequestSpec, "method" | "path" | "query">): string {
	return `${spec.method} ${spec.path}?${queryString(spec.query)}`;
}

/** The slot a request takes: on its Hostaway counter, as a write or a read. */
function slotRequestOf(spec: RequestSpec): SlotRequest {
	return {
		counter: rateCounterOf(spec.method, spec.path),
		// A token mint holds up every request of the account, so it goes ahead of waiting reads too.
		kind: spec.changesData || !spec.authenticated ? "write" : "read",
	};
}

/** Thrown by `exchange` when the response did not arrive in time. */
class AttemptTimedOut extends Error {}

export class Transport {
	private tokens?: TokenManager;

	constructor(private readonly options: TransportOptions) {}

	/** The token manager uses this transport to mint, so it is attached after construction. */
	attachTokens(tokens: TokenManager): void {
		this.tokens = tokens;
	}

	/** Sends the request (or answers it from the cache) and returns the parsed JSON body. */
	async send(spec: RequestSpec): Promise<unknown> {
		if (spec.method === "GET" && spec.cache && this.options.cache) {
			return this.sendCached(spec, spec.cache, this.options.cache);
		}
		if (spec.changesData) return this.sendWrite(spec);
		return (await this.exchangeWithRetries(spec)).body;
	}

	/**
	 * The cache first, then one round trip to the gate, which says whether the entry found is of
	 * the current generation (served) or gives the request its slot and the generation to store
	 * the response under.
	 */
	private async sendCached(spec: RequestSpec, cacheSpec: { kind: string; ttlSeconds: number }, cache: ResponseCache) {
		const { metrics } = this.options;
		const key = `${cacheSpec.kind}:${requestKey(spec)}`;
		const cached = await cache.get(key);
		// With no entry the call goes upstream, and the token is at hand before the gate is asked, so
		// the request leaves the moment its turn is given, as the gate counts it: a token minted after
		// the turn (a cold start) would send a whole burst's requests late and together, and before
		// the mint's answer has taught the gate the account's limits. With an entry (most often a hit),
		// the token is read only if the gate says the entry is stale: a hit never needs it.
		let token = !cached && spec.authenticated ? await this.requireTokens().usableToken() : undefined;
		const decision = await this.waitingForTurn(() =>
			this.options.gate.readThrough(slotRequestOf(spec), this.gateWaitBound(0), cached?.generation),
		);
		if (decision.hit && cached) {
			metrics.cacheHits++;
			return parsedBodyOf(cached);
		}
		if (decision.hit) throw new Error("The rate gate answered a cache hit for a read with no cached entry");
		metrics.cacheMisses++;
		if (spec.authenticated) token ??= await this.requireTokens().usableToken();
		const { body, text } = await this.exchangeWithRetries(spec, undefined, { waitedMs: this.slotTaken(decision.slot), token });
		// Stored under the generation read before the request: if a write bumped it meanwhile,
		// this entry is already unreachable, so a response older than the write is never served.
		await cache.put(key, { body: text, generation: decision.generation }, cacheSpec.ttlSeconds);
		return body;
	}

	/** A write, then a cache generation bump whatever the outcome, once the request may have reached Hostaway. */
	private async sendWrite(spec: RequestSpec): Promise<unknown> {
		let reachedHostaway = false;
		try {
			const { body } = await this.exchangeWithRetries(spec, () => {
				reachedHostaway = true;
				this.options.metrics.writesSent++;
			});
			this.options.metrics.writesAccepted++;
			return body;
		} finally {
			if (reachedHostaway) {
				await this.options.generations.bump();
				this.options.metrics.cacheInvalidations++;
			}
		}
	}

	/** `firstAttempt`: its slot was taken already (readThrough) after a wait of `waitedMs`, with `token` at hand. */
	private async exchangeWithRetries(
		spec: RequestSpec,
		onSent?: () => void,
		firstAttempt?: { waitedMs: number; token: StoredToken | undefined },
	): Promise<{ body: unknown; text: string }> {
		const { clock, metrics, retry } = this.options;
		const slotRequest = slotRequestOf(spec);
		// Two separate bounds: the time spent waiting in the account's queue (for one's turn, or for
		// a 429's hold-off to pass) is at most gateMaxWaitMs over all attempts; the retry budget
		// counts the rest (exchanges and backoffs), so waiting one's turn does not eat the retries.
		const startedAt = clock.now();
		let gateWaitedMs = firstAttempt?.waitedMs ?? 0;
		const gateWaitLeft = () => this.gateWaitBound(gateWaitedMs);
		const remaining = () => retry.budgetMs - (clock.now() - startedAt - gateWaitedMs);
		const mayRetry = (attempt: number, delayMs: number) => attempt < retry.maxAttempts && delayMs < remaining();
		let refusedToken: { version: string } | undefined;
		/** The wait after this call's last 429: a repeated 429 doubles it. */
		let lastRateLimitWaitMs: number | undefined;

		// The first attempt's slot and token, when the caller took them already: used once. (A refused
		// token repeats attempt 1 with a new token, which must not be the prepared one again.)
		let preparedAttempt = firstAttempt;
		for (let attempt = 1; ; attempt++) {
			const prepared = preparedAttempt;
			preparedAttempt = undefined;
			const token = prepared ? prepared.token : spec.authenticated ? await this.requireTokens().usableToken() : undefined;
			if (!prepared) gateWaitedMs += await this.takeSlot(slotRequest, gateWaitLeft());

			metrics.upstreamCalls++;
			onSent?.();
			let status: number;
			let text: string;
			let rateLimitHeaders: RateLimitHeaders;
			try {
				const timeoutMs = attempt === 1 ? this.options.timeoutMs : Math.min(this.options.timeoutMs, Math.max(1, remaining()));
				({ status, text, rateLimitHeaders } = await this.exchange(spec, token?.accessToken, timeoutMs));
			} catch (error) {
				const timedOut = error instanceof AttemptTimedOut;
				if (spec.changesData) {
					throw new HostawayOutcomeUnknownError(
						`${timedOut ? "Hostaway did not answer in time" : "The connection to Hostaway failed"} while sending this ` +
							`change (${spec.subject}); it may or may not have been applied.`,
					);
				}
				const delay = backoffDelayMs(retry, attempt - 1, this.options.random);
				if (mayRetry(attempt, delay)) {
					metrics.retries++;
					await clock.sleep(delay);
					continue;
				}
				if (timedOut) {
					throw new HostawayTimeoutError(`Hostaway did not answer within ${this.options.timeoutMs} ms (${spec.subject}).`);
				}
				throw new HostawayUnavailableError(`Hostaway could not be reached (${spec.subject}).`);
			}

			if (status >= 200 && status < 300) {
				const body = this.parseBody(spec, status, text);
				if (isFailureEnvelope(body)) {
					throw new HostawayInvalidRequestError(
						`Hostaway reported a failure (${spec.subject}).`,
						status,
						this.detailOf(body, token?.accessToken),
					);
				}
				return { body, text };
			}

			const detail = this.detailOf(this.tryParse(text), token?.accessToken);

			if ((status === 401 || status === 403) && token) {
				if (
					status === 403 &&
					spec.changesData &&
					spec.channelMayRefuse &&
					!refusedToken &&
					this.requireTokens().isFresh(token) &&
					(await this.tokenAccepted(token, gateWaitLeft()))
				) {
					// A token minted minutes ago that still reads has not expired nor been revoked: Hostaway
					// refuses this write itself (a channel-managed booking, hostaway-api.md §1.3). A new token
					// and a repeat would only be refused again, so neither is made. A token that no longer
					// reads was revoked: the rule below replaces it, as for any other request.
					throw new HostawayRefusedError(`Hostaway refused this change (${spec.subject}) with HTTP ${status}.`, status, detail);
				}
				metrics.tokenRejections++;
				if (!refusedToken) {
					// Hostaway's documented answer to an expired or revoked token. A refused request
					// was not carried out, so repeating it once with a fresh token is safe even for writes.
					refusedToken = token;
					await this.requireTokens().replaceRejected(token);
					attempt--;
					continue;
				}
				if (spec.changesData) {
					throw new HostawayRefusedError(
						`Hostaway refused this change (${spec.subject}) with HTTP ${status}, also with a freshly issued token.`,
						status,
						detail,
					);
				}
				throw new HostawayAuthenticationError(
					`Hostaway refused access (${spec.subject}) with HTTP ${status}, also with a freshly issued token.`,
					status,
					detail,
				);
			}

			if (status === 429) {
				const now = clock.now();
				const { retryAtMs, limit, applied } = readRateLimitAnswer(rateLimitHeaders, now);
				const delay = rateLimitWaitMs(
					retry,
					{
						untilRetryAtMs: retryAtMs === undefined ? undefined : retryAtMs - now,
						previousWaitMs: lastRateLimitWaitMs,
						retry: attempt - 1,
					},
					this.options.random,
				);
				lastRateLimitWaitMs = delay;
				const signal = {
					...(limit !== undefined && { limit }),
					...(applied !== undefined && { applied }),
					counter: slotRequest.counter,
				};
				// Everyone on this account backs off, not just this caller. The next attempt waits in
				// the gate until the hold-off is over; 429 means Hostaway did not act, so writes repeat too.
				await this.options.gate.holdOff(delay, signal);
				// The wait is sat out in the gate (next attempt), from the queue's bound; a wait beyond
				// what is left of it is refused here, with Hostaway's own words and time.
				if (attempt < retry.maxAttempts && delay <= gateWaitLeft()) {
					metrics.retries++;
					continue;
				}
				throw new HostawayRateLimitedError(
					`Hostaway's rate limit was hit (${spec.subject}) and did not clear in time.`,
					Math.max(1, Math.ceil(delay / 1000)),
					status,
					detail,
					signal,
				);
			}

			if (status >= 500) {
				if (spec.changesData) {
					throw new HostawayOutcomeUnknownError(
						`Hostaway answered HTTP ${status} while sending this change (${spec.subject}); it may or may not have been applied.`,
						status,
						detail,
					);
				}
				const delay = backoffDelayMs(retry, attempt - 1, this.options.random);
				if (RETRYABLE_STATUSES.has(status) && mayRetry(attempt, delay)) {
					metrics.retries++;
					await clock.sleep(delay);
					continue;
				}
				throw new HostawayUnavailableError(`Hostaway answered HTTP ${status} (${spec.subject}).`, status, detail);
			}

			throw this.clientError(spec, status, detail);
		}
	}

	private clientError(spec: RequestSpec, status: number, detail: string | undefined): HostawayError {
		if (status === 404) return new HostawayNotFoundError(`Hostaway has no ${spec.subject}.`, status, detail);
		if ((status === 401 || status === 403) && !spec.authenticated) {
			return new HostawayAuthenticationError(
				`Hostaway refused the account's credentials (${spec.subject}, HTTP ${status}).`,
				status,
				detail,
			);
		}
		return new HostawayInvalidRequestError(`Hostaway refused the request (${spec.subject}) with HTTP ${status}.`, status, detail);
	}

	/**
	 * Whether Hostaway still accepts `token`, asked with the cheapest read (one listing): after a
	 * 403 on a reservation change made with a fresh token, only the token's own answer tells a
	 * refused change from a revoked token. Anything but 401/403 (an error, a timeout, no turn in
	 * the budget) counts as accepted, so the change's refusal stands.
	 */
	private async tokenAccepted(token: StoredToken, maxWaitMs: number): Promise<boolean> {
		const probe: RequestSpec = {
			method: "GET",
			path: "/listings",
			query: { limit: 1 },
			authenticated: true,
			changesData: false,
			subject: "access token check",
		};
		try {
			await this.takeSlot(slotRequestOf(probe), maxWaitMs);
			this.options.metrics.upstreamCalls++;
			const { status } = await this.exchange(probe, token.accessToken, this.options.timeoutMs);
			return status !== 401 && status !== 403;
		} catch {
			return true;
		}
	}

	/** How long a request may still wait for its turn, having waited `waitedMs`: within gateMaxWaitMs and the call's deadline. */
	private gateWaitBound(waitedMs: number): number {
		const left = this.options.gateMaxWaitMs - waitedMs;
		const { callDeadline } = this.options;
		return Math.max(0, callDeadline === undefined ? left : Math.min(left, callDeadline - this.options.clock.now()));
	}

	/** Takes a slot on the request's counter; returns how long it waited for it. */
	private async takeSlot(request: SlotRequest, maxWaitMs: number): Promise<number> {
		return this.slotTaken(await this.waitingForTurn(() => this.options.gate.acquireSlot(request, maxWaitMs)));
	}

	/** A question to the gate that may wait for a turn, with the observer told while it does. */
	private async waitingForTurn<Decision>(ask: () => Promise<Decision>): Promise<Decision> {
		const { rateWaits } = this.options;
		rateWaits?.waitStarted();
		try {
			return await ask();
		} finally {
			rateWaits?.waitEnded();
		}
	}

	/** The gate's decision on a slot: how long it waited for it, counted; a refusal thrown. */
	private slotTaken(decision: SlotDecision): number {
		const { metrics } = this.options;
		if (!decision.granted) {
			metrics.gateRefusals++;
			const seconds = Math.max(1, Math.ceil(decision.retryAfterMs / 1000));
			throw new HostawayRateLimitedError(
				`This Hostaway account's request budget is used up for the moment (it is shared by every session of the account).`,
				seconds,
			);
		}
		if (decision.waitedMs > 0) {
			metrics.gateWaits++;
			metrics.gateWaitMs += decision.waitedMs;
		}
		return decision.waitedMs;
	}

	private async exchange(
		spec: RequestSpec,
		accessToken: string | undefined,
		timeoutMs: number,
	): Promise<{ status: number; text: string; rateLimitHeaders: RateLimitHeaders }> {
		const headers = new Headers({ Accept: "application/json", "Cache-Control": "no-cache" });
		let body: string | undefined;
		if (spec.form) {
			headers.set("Content-Type", "application/x-www-form-urlencoded");
			body = new URLSearchParams(spec.form).toString();
		} else if (spec.json !== undefined) {
			headers.set("Content-Type", "application/json");
			body = JSON.stringify(spec.json);
		}
		if (accessToken) headers.set("Authorization", `Bearer ${accessToken}`);

		const controller = new AbortController();
		let timer: ReturnType<typeof setTimeout> | undefined;
		// Raced as well as passed as a signal: a fetch that ignores the signal is still cut off.
		const deadline = new Promise<never>((_, reject) => {
			timer = setTimeout(() => {
				controller.abort();
				reject(new AttemptTimedOut());
			}, timeoutMs);
		});
		try {
			return await Promise.race([
				(async () => {
					const response = await this.options.fetch(this.buildUrl(spec), {
						method: spec.method,
						headers,
						body,
						signal: controller.signal,
					});
					const text = await response.text();
					// Hostaway sends them on 429s only; they are read only then.
					return { status: response.status, text, rateLimitHeaders: rateLimitHeadersOf(response.headers) };
				})(),
				deadline,
			]);
		} finally {
			clearTimeout(timer);
		}
	}

	private buildUrl(spec: Pick<RequestSpec, "path" | "query">): string {
		const query = queryString(spec.query);
		return `${this.options.baseUrl}${spec.path}${query ? `?${query}` : ""}`;
	}

	private parseBody(spec: RequestSpec, status: number, text: string): unknown {
		const body = this.tryParse(text);
		if (body !== undefined) return body;
		if (spec.changesData) {
			throw new HostawayOutcomeUnknownError(
				`Hostaway accepted this change (${spec.subject}, HTTP ${status}) but its answer could not be read; ` +
					`the change has probably been applied.`,
				status,
			);
		}
		throw new HostawayUnexpectedResponseError(
			`Hostaway answered HTTP ${status} with a body that is not valid JSON (${spec.subject}).`,
			status,
		);
	}

	private tryParse(text: string): unknown {
		try {
			return JSON.parse(text) as unknown;
		} catch {
			return undefined;
		}
	}

	/** Hostaway's error text, shortened, with any credential this client holds taken out. */
	private detailOf(body: unknown, accessToken: string | undefined): string | undefined {
		let text = errorTextOf(body);
		if (text === undefined) return undefined;
		for (const secret of [...this.options.secrets, accessToken]) {
			if (secret) text = text.split(secret).join("[redacted]");
		}
		return text.length > MAX_DETAIL_LENGTH ? `${text.slice(0, MAX_DETAIL_LENGTH)}…` : text;
	}

	private requireTokens(): TokenManager {
		if (!this.tokens) throw new Error("Transport used before its token manager was attached");
		return this.tokens;
	}
}
