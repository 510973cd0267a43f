/**
 * POST /webhooks/hostaway: Hostaway's unified webhooks (hostaway-api.md §4.7).
 *
 * Hostaway sends the operator's login and password as HTTP Basic credentials; they are compared
 * in constant time. A reservation or message event makes the account's cached responses
 * unreachable (a new cache generation), so the next read sees the change. The event itself is
 * not trusted or stored: operations re-read from Hostaway. Unknown events, and the `data:
 * "test"` ping, get a quick 2xx so Hostaway neither retries nor disables the webhook.
 */
import type { Context } from "hono";
import { z } from "zod";
import { getConfig } from "../config";
import { invalidateTenantCache } from "../gate/stub";

export const WEBHOOK_PATH = "/webhooks/hostaway";

/** Far more than any reservation or message event; bigger bodies are refused unread. */
const MAX_BODY_BYTES = 1_000_000;

const accountIdSchema = z.preprocess((value) => (typeof value === "number" ? String(value) : value), z.string().regex(/^\d{1,12}$/));

const WebhookSchema = z.looseObject({
	object: z.string().optional().catch(undefined),
	event: z.string().optional().catch(undefined),
	accountId: accountIdSchema.optional().catch(undefined),
	data: z.unknown().optional(),
});

type WebhookKind = "reservation" | "message" | "unknown";

function kindOf(webhook: z.output<typeof WebhookSchema>): WebhookKind {
	const event = webhook.event ?? "";
	if (webhook.object === "reservation" || event.startsWith("reservation.")) return "reservation";
	if (webhook.object === "conversationMessage" || event.startsWith("message.")) return "message";
	return "unknown";
}

/** The account the event is about: top level, or inside `data` (some senders nest it). */
function accountIdOf(webhook: z.output<typeof WebhookSchema>): string | undefined {
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

/** The user and password of an `Authorization: Basic` header, or undefined. */
function basicCredentials(header: string | undefined): { username: string; password: string } | undefined {
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

export async function handleHostawayWebhook(c: Context<{ Bindings: Env }>): Promise<Response> {
	const expected = getConfig(c.env).webhookCredentials;
	if (!expected) {
		return c.json({ status: "error", error: "Webhooks are not enabled on this server: set WEBHOOK_USERNAME and WEBHOOK_PASSWORD." }, 503);
	}

	const given = basicCredentials(c.req.header("Authorization"));
	const [userMatches, passwordMatches] = await Promise.all([
		sameSecret(given?.username ?? "", expected.username),
		sameSecret(given?.password ?? "", expected.password),
	]);
	if (!given || !userMatches || !passwordMatches) {
		c.header("WWW-Authenticate", 'Basic realm="hostaway-webhooks", charset="UTF-8"');
		return c.json({ status: "error", error: "Wrong or missing webhook credentials." }, 401);
	}

	if (Number(c.req.header("Content-Length") ?? 0) > MAX_BODY_BYTES) {
		return c.json({ status: "error", error: "Webhook body too large." }, 413);
	}
	let body: unknown;
	try {
		body = JSON.parse(await c.req.text());
	} catch {
		return c.json({ status: "error", error: "The webhook body is not JSON." }, 400);
	}
	const parsed = WebhookSchema.safeParse(body);
	if (!parsed.success) return c.json({ status: "error", error: "The webhook body is not a JSON object." }, 400);
	const webhook = parsed.data;

	if (webhook.data === "test") return c.json({ status: "ok", handled: "test" });

	const kind = kindOf(webhook);
	if (kind === "unknown") return c.json({ status: "ok", handled: "ignored" });

	const accountId = accountIdOf(webhook);
	if (!accountId) return c.json({ status: "ok", handled: "ignored", reason: "no accountId in the event" });

	await invalidateTenantCache(c.env, accountId);
	return c.json({ status: "ok", handled: kind });
}
