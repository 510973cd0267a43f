/**
 * POST /webhooks/hostaway: Hostaway's unified webhooks (hostaway-api.md §4.7), one webhook per
 * tenant.
 *
 * Every tenant has its own HTTP Basic credentials, derived from WEBHOOK_SECRET
 * (src/auth/webhook-credentials.ts; `npm run webhook-credentials` prints them). An event is
 * accepted only with the credentials of the tenant its `accountId` names, so one tenant's
 * webhook cannot touch another tenant's cache. A reservation or message event makes that
 * tenant's cached responses unreachable (a new cache generation), so the next read sees the
 * change; the event itself is not trusted or stored: operations re-read from Hostaway. Unknown
 * events get a quick 2xx so Hostaway neither retries nor disables the webhook.
 *
 * The `data: "test"` ping (unverified, see §4.7) may carry no accountId; it changes nothing, so
 * it is answered 2xx when its credentials are those of the tenant its username names.
 *
 * The body is read with a cap counted while reading, whatever Content-Length says.
 */
import type { Context } from "hono";
import { z } from "zod";
import { canonicalTenantId } from "../auth/session-props";
import { tenantOfWebhookUsername, webhookCredentialsFor } from "../auth/webhook-credentials";
import { getConfig } from "../config";
import { invalidateTenantCache } from "../gate/stub";
import { readBodyWithin } from "./request-body";

export const WEBHOOK_PATH = "/webhooks/hostaway";

/** Far more than any reservation or message event; a bigger body is cut off while it is read. */
export const MAX_WEBHOOK_BODY_BYTES = 1_000_000;

const accountIdSchema = z.union([z.string(), z.number()]).transform((value, context) => {
	const tenantId = canonicalTenantId(value);
	if (tenantId === undefined) {
		context.addIssue({ code: "custom", message: "not a Hostaway account id" });
		return z.NEVER;
	}
	return tenantId;
});

const WebhookSchema = z.looseObject({
	object: z.string().optional().catch(undefined),
	event: z.string().optional().catch(undefined),
	accountId: accountIdSchema.optional().catch(undefined),
	data: z.unknown().optional(),
});

type Webhook = z.output<typeof WebhookSchema>;
type WebhookKind = "reservation" | "message" | "unknown";

function kindOf(webhook: Webhook): WebhookKind {
	const event = webhook.event ?? "";
	if (webhook.object === "reservation" || event.startsWith("reservation.")) return "reservation";
	if (webhook.object === "conversationMessage" || event.startsWith("message.")) return "message";
	return "unknown";
}

/** The canonical tenant the event is about: its accountId at the top level, or inside `data` (some senders nest it). */
function tenantOf(webhook: Webhook): string | undefined {
	if (webhook.accountId) return webhook.accountId;
	if (typeof webhook.data === "object" && webhook.data !== null) {
		const nested = accountIdSchema.safeParse((webhook.data as { accountId?: unknown }).accountId);
		if (nested.success) return nested.data;
	}
	return undefined;
}

async function digest(text: string): Promise<ArrayBuffer> {
	return crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
}

/** Constant-time comparison: both sides are hashed first so their lengths are equal. */
async function sameSecret(given: string, expected: string): Promise<boolean> {
	return crypto.subtle.timingSafeEqual(await digest(given), await digest(expected));
}

type BasicCredentials = { username: string; password: string };

/** The user and password of an `Authorization: Basic` header, or undefined. */
function basicCredentials(header: string | undefined): BasicCredentials | undefined {
	const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header ?? "");
	if (!match?.[1]) return undefined;
	let decoded: string;
	try {
		decoded = new TextDecoder().decode(Uint8Array.from(atob(match[1]), (char) => char.charCodeAt(0)));
	} catch {
		return undefined;
	}
	const colon = decoded.indexOf(":");
	if (colon < 0) return undefined;
	return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

async function credentialsMatch(given: BasicCredentials, expected: BasicCredentials): Promise<boolean> {
	const [userMatches, passwordMatches] = await Promise.all([
		sameSecret(given.username, expected.username),
		sameSecret(given.password, expected.password),
	]);
	return userMatches && passwordMatches;
}

function unauthorized(c: Context, error = "Wrong or missing webhook credentials for this account."): Response {
	c.header("WWW-Authenticate", 'Basic realm="hostaway-webhooks", charset="UTF-8"');
	return c.json({ status: "error", error }, 401);
}

export async function handleHostawayWebhook(c: Context<{ Bindings: Env }>): Promise<Response> {
	const secret = getConfig(c.env).webhookSecret;
	if (!secret) {
		return c.json({ status: "error", error: "Webhooks are not enabled on this server: set WEBHOOK_SECRET." }, 503);
	}

	// Without credentials there is nothing to check the body against: refused unread.
	const given = basicCredentials(c.req.header("Authorization"));
	if (!given) return unauthorized(c);

	const body = await readBodyWithin(c.req.raw, MAX_WEBHOOK_BODY_BYTES);
	if (!body.ok) return c.json({ status: "error", error: `Webhook body too large (at most ${MAX_WEBHOOK_BODY_BYTES} bytes).` }, 413);
	let json: unknown;
	try {
		json = JSON.parse(body.text());
	} catch {
		return c.json({ status: "error", error: "The webhook body is not JSON." }, 400);
	}
	const parsed = WebhookSchema.safeParse(json);
	if (!parsed.success) return c.json({ status: "error", error: "The webhook body is not a JSON object." }, 400);
	const webhook = parsed.data;
	const isTestPing = webhook.data === "test";

	const tenantId = tenantOf(webhook) ?? (isTestPing ? tenantOfWebhookUsername(given.username) : undefined);
	if (!tenantId) return unauthorized(c, "The event names no accountId, so no account's webhook credentials can accept it.");
	if (!(await credentialsMatch(given, await webhookCredentialsFor(secret, tenantId)))) return unauthorized(c);

	if (isTestPing) return c.json({ status: "ok", handled: "test" });

	const kind = kindOf(webhook);
	if (kind === "unknown") return c.json({ status: "ok", handled: "ignored" });

	await invalidateTenantCache(c.env, tenantId);
	return c.json({ status: "ok", handled: kind });
}
