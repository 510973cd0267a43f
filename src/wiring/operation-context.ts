/**
 * Builds the context an operation runs with: configuration, the session's identity, the real
 * and the business clock (src/clock.ts), the session's write ledger, a fresh secret redactor,
 * and a Hostaway client for the session's tenant, created on first use. Every record the
 * client returns passes through the redactor, so secret values seen during the call never
 * reach the call's output.
 */
import { sessionAudit } from "../audit/audit-trail";
import { businessMoment } from "../clock";
import type { Config } from "../config";
import { createTenantHostawayClient } from "../gate/tenant-client";
import type { HostawayClient, HostawayCredentials, RateWaitObserver } from "../hostaway";
import type { WriteLedger } from "../operations/confirmation";
import { OperationError } from "../operations/errors";
import type { OperationContext, SessionIdentity } from "../operations/operation";
import { type ProgressReporter, silentProgress } from "../operations/progress";
import { SecretRedactor } from "../operations/redaction";
import { hostawayFetch } from "./hostaway-upstream";

/**
 * `credentials` are the session's tenant's (src/auth/tenant-credentials.ts), resolved by the
 * caller; undefined when the tenant is not connected, which a call needing Hostaway is told.
 * `progress` hears the pages the operation reads and the Hostaway client's waits for its turn in
 * the rate budget, when the caller asked for progress.
 */
export function createOperationContext(
	env: Env,
	config: Config,
	session: SessionIdentity,
	ledger?: WriteLedger,
	credentials?: HostawayCredentials,
	progress?: ProgressReporter & RateWaitObserver,
): OperationContext {
	const redactor = new SecretRedactor();
	let client: HostawayClient | undefined;
	const now = new Date();
	const deadline = now.getTime() + config.rateBudget.maxWaitMs;
	return {
		config,
		session,
		now,
		businessNow: businessMoment(now, config.sandboxToday),
		deadline,
		ledger,
		redactor,
		hostaway() {
			if (!client) {
				if (!credentials) {
					throw new OperationError(
						"not_configured",
						session.accountId
							? `No Hostaway credentials are stored for account ${session.accountId}. Connect the account once through this server's sign-in page (add it as a connector in Claude), or have the operator configure it.`
							: "No Hostaway account is connected to this session. The server operator must set HOSTAWAY_ACCOUNT_ID and HOSTAWAY_API_KEY (or use the sandbox).",
					);
				}
				redactor.add(credentials.apiKey);
				client = collectingSecrets(
					createTenantHostawayClient(env, config, credentials, {
						fetch: hostawayFetch(env, config),
						callDeadline: deadline,
						rateWaits: progress,
					}),
					redactor,
				);
			}
			return client;
		},
		usage() {
			return client?.metrics;
		},
		audit: sessionAudit(env, session),
		progress: progress ?? silentProgress,
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
