/**
 * Builds the context an operation runs with: configuration, the session's identity, the real
 * and the business clock (src/clock.ts), the session's write ledger, a fresh secret redactor,
 * and a Hostaway client for the session's tenant, created on first use. Every record the
 * client returns passes through the redactor, so secret values seen during the call never
 * reach the call's output.
 */
import { credentialsForAccount } from "../auth/tenant-credentials";
import { businessMoment } from "../clock";
import type { Config } from "../config";
import { createTenantHostawayClient } from "../gate/tenant-client";
import type { HostawayClient } from "../hostaway";
import type { WriteLedger } from "../operations/confirmation";
import { OperationError } from "../operations/errors";
import type { OperationContext, SessionIdentity } from "../operations/operation";
import { SecretRedactor } from "../operations/redaction";
import { hostawayFetch } from "./hostaway-upstream";

export function createOperationContext(env: Env, config: Config, session: SessionIdentity, ledger?: WriteLedger): OperationContext {
	const redactor = new SecretRedactor();
	let client: HostawayClient | undefined;
	const now = new Date();
	return {
		config,
		session,
		now,
		businessNow: businessMoment(now, config.sandboxToday),
		ledger,
		redactor,
		hostaway() {
			if (!client) {
				const credentials = credentialsForAccount(config, session.accountId);
				if (!credentials) {
					throw new OperationError(
						"not_configured",
						"No Hostaway account is connected to this session. The server operator must set HOSTAWAY_ACCOUNT_ID and HOSTAWAY_API_KEY (or use the sandbox).",
					);
				}
				redactor.add(credentials.apiKey);
				client = collectingSecrets(createTenantHostawayClient(env, config, credentials, { fetch: hostawayFetch(env, config) }), redactor);
			}
			return client;
		},
		usage() {
			return client?.metrics;
		},
	};
}

/** The same client, but every value its methods resolve to is shown to the redactor first. */
function collectingSecrets(client: HostawayClient, redactor: SecretRedactor): HostawayClient {
	return new Proxy(client, {
		get(target, property, receiver) {
			const value: unknown = Reflect.get(target, property, receiver);
			if (typeof value !== "function") return value;
			return (...args: unknown[]) => {
				const result: unknown = value.apply(target, args);
				if (result instanceof Promise) {
					return result.then((resolved: unknown) => {
						redactor.collectFrom(resolved);
						return resolved;
					});
				}
				return result;
			};
		},
	});
}
