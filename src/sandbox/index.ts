/**
 * The Hostaway sandbox: a local, faithful Hostaway API (see README, "Sandbox"). It shares no
 * code with the product's Hostaway client; it is the other side of the wire.
 *
 * - `HostawaySandbox`: the Durable Object class (binding `HOSTAWAY_SANDBOX`);
 * - `handleSandboxRequest`: serves `/v1/...` (Hostaway's API) and `/control/...` (control API);
 * - `createSandboxFetch`: a `fetch` that reaches the sandbox in-process, for the product's
 *   Hostaway client in sandbox mode.
 */
import type { SandboxEnv } from "./durable-object";
import { handleSandboxRequest } from "./front-door";

export { HostawaySandbox } from "./durable-object";
export { handleSandboxRequest } from "./front-door";

/** All calls of one Worker leave from one address, so they share one per-IP rate budget. */
export const SANDBOX_DEFAULT_CLIENT_IP = "192.0.2.10";

const SANDBOX_PATH = /^\/(v1|control)\//;

/**
 * A `fetch` that answers from the sandbox without a network hop: real Request and Response
 * objects, any host, paths `/v1/...` and `/control/...`. Honours the request's AbortSignal,
 * so a client timeout cuts a hanging response short as it would over the network.
 */
export function createSandboxFetch(env: SandboxEnv, options: { clientIp?: string } = {}): typeof fetch {
	const clientIp = options.clientIp ?? SANDBOX_DEFAULT_CLIENT_IP;
	return async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
		const request = new Request(input, init);
		const { pathname } = new URL(request.url);
		if (!SANDBOX_PATH.test(pathname)) {
			throw new TypeError(`The Hostaway sandbox serves /v1/... and /control/... only; cannot fetch ${pathname}`);
		}
		const signal = request.signal;
		if (signal.aborted) throw signal.reason;
		return new Promise<Response>((resolve, reject) => {
			const onAbort = () => reject(signal.reason);
			signal.addEventListener("abort", onAbort, { once: true });
			handleSandboxRequest(request, env, clientIp)
				.then(resolve, reject)
				.finally(() => signal.removeEventListener("abort", onAbort));
		});
	};
}
