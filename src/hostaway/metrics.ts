/**
 * Counters for one client (normally one operation). Operations log them and benchmarks read
 * them; they are plain numbers, never request contents.
 */
export interface HostawayMetrics {
	/** Requests actually sent to Hostaway (retries and token mints included). */
	upstreamCalls: number;
	/** Requests sent again after a retryable failure (429, 502-504, network error, timeout). */
	retries: number;
	/** Requests that had to wait for a slot in the account's rate budget. */
	gateWaits: number;
	/** Total time spent waiting for slots. */
	gateWaitMs: number;
	/** Requests refused by the rate budget without being sent. */
	gateRefusals: number;
	cacheHits: number;
	cacheMisses: number;
	/** Tokens minted by this client (0 when a cached token was used). */
	tokenMints: number;
	/** Tokens Hostaway refused (401/403) and that were replaced once. */
	tokenRejections: number;
	/** Cache generation bumps caused by writes. */
	cacheInvalidations: number;
	/**
	 * Requests that change data, sent to Hostaway (every attempt). Once one was sent, a failure
	 * may mean the change happened anyway, unless Hostaway's answer refused it.
	 */
	writesSent: number;
	/** Of those, the ones Hostaway accepted (2xx): the change happened. */
	writesAccepted: number;
}

export function emptyMetrics(): HostawayMetrics {
	return {
		upstreamCalls: 0,
		retries: 0,
		gateWaits: 0,
		gateWaitMs: 0,
		gateRefusals: 0,
		cacheHits: 0,
		cacheMisses: 0,
		tokenMints: 0,
		tokenRejections: 0,
		cacheInvalidations: 0,
		writesSent: 0,
		writesAccepted: 0,
	};
}
