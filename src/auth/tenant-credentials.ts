/**
 * Which Hostaway credentials a tenant (a Hostaway account id) uses. Sessions carry the
 * account id only; the API key is looked up here, at the moment a client is built.
 *
 * Today the only tenant is the operator's own account from configuration (in sandbox mode,
 * the demo account). Sign-in will add a credential store per tenant behind this function.
 */
import type { Config } from "../config";
import type { HostawayCredentials } from "../hostaway";

export function credentialsForAccount(config: Config, accountId: string | undefined): HostawayCredentials | undefined {
	if (!accountId) return undefined;
	const operator = config.operatorAccount;
	if (operator && operator.accountId === accountId) return { accountId: operator.accountId, apiKey: operator.apiKey };
	return undefined;
}
