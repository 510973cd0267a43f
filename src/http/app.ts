/**
 * The Worker's public HTTP surface (Hono): health, the OAuth consent page, Hostaway's webhooks
 * and, when enabled, the sandbox. /mcp is served by src/http/mcp-app.ts behind the OAuth
 * provider (src/http/worker.ts). A configuration error is answered on every route, /health included,
 * with 503 "misconfigured", its message and the variables to fix, never a stack trace or a value.
 */
import { Hono } from "hono";
import { getConfig, requireEncryptionKey } from "../config";
import { SERVER_VERSION } from "../version";
import { AUTHORIZE_PATH, showConsent, submitConsent } from "./authorize";
import { answerError } from "./misconfigured";
import { handleSandboxRoute, SANDBOX_PATH } from "./sandbox-route";
import { handleHostawayWebhook, WEBHOOK_PATH } from "./webhooks";

export const app = new Hono<{ Bindings: Env }>();

app.get("/health", (c) => {
	const config = getConfig(c.env);
	// Checked lazily elsewhere (src/config.ts); without it every tool call would fail, so the server is not healthy.
	if (config.hostawayMode === "live") requireEncryptionKey(config);
	return c.json({ status: "ok", version: SERVER_VERSION, hostawayMode: config.hostawayMode });
});

app.get(AUTHORIZE_PATH, showConsent);
app.post(AUTHORIZE_PATH, submitConsent);

app.post(WEBHOOK_PATH, handleHostawayWebhook);

app.all(SANDBOX_PATH, handleSandboxRoute);

app.notFound((c) => c.json({ error: "Not found" }, 404));

app.onError((error) => answerError(error));
