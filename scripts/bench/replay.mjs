/**
 * "The same Hostaway calls made directly": a tool call's upstream requests, read from the
 * sandbox's request log, sent again straight to the sandbox over HTTP with a token of the
 * bench's own, in the groups the call sent them (requestWaves: parallel where the call was
 * parallel). Times the whole replay and keeps the size of every response body, the raw
 * Hostaway payloads a tool's answer is built from.
 */
import { URLSearchParams } from "node:url";
import { requestWaves } from "./measure.mjs";

/**
 * @param {import("./server.mjs").BenchServer} server
 * @param {{ method: string, path: string, query: Record<string, string>, receivedAt: string, at: string }[]} entries
 * @param {{ accountId: string, apiKey: string }} account
 * @param {(entry: { method: string, path: string }) => unknown} [bodyFor] the JSON body of a request other than GET (the log keeps none)
 * @returns {Promise<{ ms: number, requests: number, responseChars: number, statuses: number[] }>}
 */
export async function replayDirectly(server, entries, account, bodyFor = () => undefined) {
	const token = await server.directToken(account);
	const statuses = [];
	let responseChars = 0;
	const send = async (entry) => {
		const query = new URLSearchParams(entry.query).toString();
		const body = entry.method === "GET" ? undefined : bodyFor(entry);
		if (entry.method !== "GET" && body === undefined) throw new Error(`no body to replay ${entry.method} ${entry.path} with`);
		const response = await fetch(`${server.url}/sandbox${entry.path}${query ? `?${query}` : ""}`, {
			method: entry.method,
			headers: { Authorization: `Bearer ${token}`, ...(body === undefined ? {} : { "Content-Type": "application/json" }) },
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		const text = await response.text();
		statuses.push(response.status);
		responseChars += text.length;
		if (!response.ok) throw new Error(`direct ${entry.method} ${entry.path}: ${response.status} ${text.slice(0, 200)}`);
	};
	const started = performance.now();
	for (const wave of requestWaves(entries)) await Promise.all(wave.map(send));
	return { ms: performance.now() - started, requests: entries.length, responseChars, statuses };
}

/** Whether every request of the log can be replayed: GETs always, others when `bodyFor` gives a body. */
export function replayable(entries, bodyFor = () => undefined) {
	return entries.every((entry) => entry.method === "GET" || bodyFor(entry) !== undefined);
}
