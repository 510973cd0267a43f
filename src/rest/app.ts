/**
 * The REST adapter's Hono app: every route of the route table (routes.ts) served by its
 * operation from the registry, the OpenAPI document at /openapi.json and a browsable reference
 * at /docs. Reached from the Worker's front door (src/http/worker.ts) for these paths only,
 * before the OAuth provider: REST takes API keys, not OAuth tokens.
 *
 * /docs is Scalar's reference page: a small HTML page that loads Scalar's script, pinned to one
 * version, from the jsDelivr CDN, and reads /openapi.json. Its Content-Security-Policy allows that
 * script by nonce and the CDN's origin, and nothing else from outside. The page carries its own
 * index of the routes (route-index.ts), which Scalar replaces once its script has loaded, so a
 * browser that cannot reach the CDN still shows a reference.
 */
import { Hono } from "hono";
import { Scalar } from "@scalar/hono-api-reference";
import { publicOrigin } from "../http/public-origin";
import { ConfigError, getConfig } from "../config";
import { describeError } from "../operations/errors";
import { restError } from "./errors";
import { routeIndexHtml } from "./route-index";
import { routeHandler } from "./handle-route";
import { OPENAPI_PATH, openApiDocument, operationOf } from "./openapi";
import { honoPath, REST_BASE_PATH, restRoutes } from "./routes";

export const DOCS_PATH = "/docs";

/** The Scalar build the page loads; pinned so the page does not change under the server. */
const SCALAR_CDN = "https://cdn.jsdelivr.net/npm/@scalar/api-reference@1.76.0";
const CDN_ORIGIN = "https://cdn.jsdelivr.net";

export const restApp = new Hono<{ Bindings: Env }>();

for (const route of restRoutes) restApp.on(route.method.toUpperCase(), honoPath(route), routeHandler(route, operationOf(route)));

restApp.get(OPENAPI_PATH, (c) => c.json(openApiDocument(publicOrigin(c.req.raw, getConfig(c.env)))));

restApp.get(DOCS_PATH, async (c, next) => {
	const nonce = crypto.randomUUID();
	c.header(
		"Content-Security-Policy",
		`default-src 'none'; script-src 'nonce-${nonce}' ${CDN_ORIGIN}; style-src 'unsafe-inline' ${CDN_ORIGIN}; font-src ${CDN_ORIGIN} data:; ` +
			`img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'`,
	);
	const page = await Scalar<{ Bindings: Env }>({
		url: OPENAPI_PATH,
		pageTitle: "Hostaway MCP REST API",
		cdn: SCALAR_CDN,
		nonce,
		withDefaultFonts: false,
	})(c, next);
	if (!(page instanceof Response)) return page;
	// Scalar mounts its reference into #app, replacing what is there: the server's own index until then.
	routeIndex ??= routeIndexHtml();
	return c.html((await page.text()).replace('<div id="app"></div>', `<div id="app">${routeIndex}</div>`));
});

/** The route index is the same for every request: built on first use. */
let routeIndex: string | undefined;

restApp.notFound((c) =>
	restError("not_found", `No REST route ${c.req.method} ${new URL(c.req.url).pathname}. The routes are listed at ${OPENAPI_PATH}.`),
);

restApp.onError((error) => {
	if (error instanceof ConfigError) return restError("not_configured", describeError(error).message);
	console.error("REST request failed", error.stack ?? String(error));
	return restError("internal", describeError(error).message);
});

/** Whether the Worker's front door hands a path to the REST app. */
export function isRestPath(pathname: string): boolean {
	return pathname === REST_BASE_PATH || pathname.startsWith(`${REST_BASE_PATH}/`) || pathname === OPENAPI_PATH || pathname === DOCS_PATH;
}
