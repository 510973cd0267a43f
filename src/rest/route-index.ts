/**
 * The /docs page's own content: every REST route with its operation's title, description and
 * inputs, rendered on the server from the route table and the registry. Scalar's script
 * replaces it with the interactive reference when the browser can load that script from the CDN;
 * a browser that cannot (an offline network, a strict proxy) still gets a browsable reference
 * instead of an empty page.
 */
import { z } from "zod";
import { isWriteOperation } from "../operations/operation";
import { OPENAPI_PATH, operationOf } from "./openapi";
import { REST_BASE_PATH, restRoutes } from "./routes";

function escapeHtml(text: string): string {
	return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

/** One line per input: name, whether required, and its description. */
function inputList(input: z.ZodObject, pathParams: Readonly<Record<string, string>>): string {
	const fromPath = new Map(Object.entries(pathParams).map(([param, field]) => [field, param]));
	const items = Object.entries(input.shape).map(([name, schema]) => {
		const field = schema as z.ZodType;
		const where = fromPath.has(name) ? ` (path: {${fromPath.get(name)}})` : "";
		const required = field.safeParse(undefined).success ? "" : " <strong>required</strong>";
		return `<li><code>${escapeHtml(name)}</code>${escapeHtml(where)}${required}${field.description ? ` — ${escapeHtml(field.description)}` : ""}</li>`;
	});
	return items.length === 0 ? "<p>No inputs.</p>" : `<ul>${items.join("")}</ul>`;
}

/** The route index as HTML, for inside the page's `#app` element. */
export function routeIndexHtml(): string {
	const sections = restRoutes.map((route) => {
		const operation = operationOf(route);
		const method = route.method.toUpperCase();
		const write = isWriteOperation(operation) ? " · write: needs a write key and an <code>Idempotency-Key</code> header" : "";
		return (
			`<section><h2><code>${method} ${escapeHtml(REST_BASE_PATH + route.path)}</code></h2>` +
			`<p><strong>${escapeHtml(operation.title)}</strong> (MCP tool <code>${escapeHtml(operation.name)}</code>${write})</p>` +
			`<p>${escapeHtml(operation.description)}</p>${inputList(operation.input, route.pathParams ?? {})}</section>`
		);
	});
	return (
		`<main style="font-family: system-ui, sans-serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem; line-height: 1.5">` +
		`<h1>Hostaway MCP REST API</h1>` +
		`<p>Every route takes an API key (<code>X-API-Key</code> or <code>Authorization: Bearer</code>). The full schemas are in ` +
		`<a href="${OPENAPI_PATH}">${OPENAPI_PATH}</a>; the interactive reference loads when the browser can reach cdn.jsdelivr.net.</p>` +
		sections.join("") +
		`</main>`
	);
}
