/**
 * Posts a Hostaway webhook event to the Worker's webhook endpoint as Hostaway would: JSON, with
 * the account's own HTTP Basic credentials (derived from `secret`, as `npm run webhook-credentials`
 * shows them), through the app with WEBHOOK_SECRET set to `secret`.
 */
import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { webhookCredentialsFor } from "../../src/auth/webhook-credentials";
import { app } from "../../src/http/app";

export async function postHostawayWebhook(secret: string, accountId: string, event: Record<string, unknown>): Promise<Response> {
	const { username, password } = await webhookCredentialsFor(secret, accountId);
	const ctx = createExecutionContext();
	const response = await app.fetch(
		new Request("http://localhost:8787/webhooks/hostaway", {
			method: "POST",
			headers: { "Content-Type": "application/json", Authorization: `Basic ${btoa(`${username}:${password}`)}` },
			body: JSON.stringify({ accountId: Number(accountId), ...event }),
		}),
		{ ...env, WEBHOOK_SECRET: secret },
		ctx,
	);
	await waitOnExecutionContext(ctx);
	return response;
}
