/**
 * W2, workflows as an assistant runs them, each from a cold cache in one session: wall time and
 * upstream requests (from the sandbox's log) against the fewest the workflow needs. The writes
 * are confirmed (the message sent, the booking made), and the account is restored after each
 * run (`restore`: sandbox data reset, latency set again, cache made unreachable).
 */
import { plusDays } from "./fixtures.mjs";
import { percentile, summarize } from "./measure.mjs";

/**
 * The fewest Hostaway requests each workflow needs, and why: one read per kind of data its
 * answers show or its safety checks use, none read twice, plus its writes.
 */
export const WORKFLOW_MINIMUM = {
	"search-get-message": [
		["GET /reservations", "the search"],
		[
			"GET /reservations/{id}",
			"the booking opened: its cancellation policy and proxy e-mail come only with the single read (hostaway-api.md)",
		],
		[
			"GET /listings",
			"every listing's door codes and Wi-Fi, which the message preview checks the text against, so none goes out by mistake",
		],
		["GET /reservations/{id}/conversations", "the booking's conversation, to write in"],
		["POST /conversations/{id}/messages", "the message"],
	],
	"availability-booking": [
		["GET /listings/{id}", "the listing's capacity and time zone"],
		["GET /listings/{id}/calendar", "the nights' availability, minimum stay and prices"],
		["POST /listings/{id}/calendar/priceDetails", "Hostaway's own quote for the booking"],
		["POST /reservations", "the booking"],
	],
	"morning-routine": [
		["GET /listings", "listing names and time zones"],
		["GET /reservations", "today's arrivals, departures and stays"],
		["GET /conversations", "the inbox, read once for the briefing and the conversation list"],
		["POST /conversations/{id}/messages", "the reply"],
	],
};

/** The workflows' steps: each step's tool and arguments, from the fixtures and the previous answers. */
export function workflowPlan(fixtures) {
	const { conversationBookingId, conversationBookingArrival, conversationId, freeStay } = fixtures;
	const stay = { listingId: freeStay.listingId, arrival: freeStay.arrival, departure: freeStay.departure };
	return {
		"search-get-message": {
			title: "search → get → message",
			steps: [
				() => ["search_bookings", { arrivalFrom: conversationBookingArrival, arrivalTo: plusDays(conversationBookingArrival, 3) }],
				(answers) => {
					const rows = answers[0]?.bookings ?? [];
					const found = rows.find((row) => row.id === conversationBookingId) ?? rows[0];
					return ["get_booking", { bookingId: found?.id ?? conversationBookingId }];
				},
				(answers) => [
					"send_guest_message",
					{ bookingId: answers[1]?.id ?? answers[1]?.booking?.id ?? conversationBookingId, message: "See you soon!" },
				],
			],
		},
		"availability-booking": {
			title: "availability → booking",
			steps: [
				() => ["check_availability", { ...stay, guests: 2 }],
				() => ["create_booking", { ...stay, guestName: "Bench Guest", adults: 2 }],
			],
		},
		"morning-routine": {
			title: "morning routine: daily_briefing, list_conversations, one reply",
			steps: [
				() => ["daily_briefing", {}],
				() => ["list_conversations", {}],
				(answers) => [
					"send_guest_message",
					{ conversationId: answers[1]?.threads?.[0]?.conversationId ?? conversationId, message: "Thanks, we're on it." },
				],
			],
		},
	};
}

/** Runs a write's two steps (preview, then confirm with its token); a read's one. */
async function runStep(session, tool, args) {
	const first = await session.mustCall(tool, args);
	const token = first.data?.confirmationToken;
	if (typeof token !== "string") return first.data;
	const confirmed = await session.mustCall(tool, { ...args, confirmationToken: token });
	if (confirmed.data?.status !== "done") throw new Error(`${tool} was not confirmed: ${confirmed.text.slice(0, 300)}`);
	return confirmed.data?.result;
}

function routeOf(entry) {
	return `${entry.method} ${entry.path.replace(/^\/v1/, "").replace(/\/\d+/g, "/{id}")}`;
}

/**
 * @param {import("./server.mjs").BenchServer} server
 * @param {{ runs: number, restore: () => Promise<void> }} options
 */
export async function measureWorkflows(server, fixtures, { runs, restore }) {
	const plan = workflowPlan(fixtures);
	const results = [];
	for (const [name, workflow] of Object.entries(plan)) {
		const wallMs = [];
		const upstream = [];
		let routes = {};
		for (let run = 0; run < runs; run++) {
			await restore();
			const session = await server.session(`bench-workflow-${name}`);
			try {
				await server.clearLog();
				const started = performance.now();
				const answers = [];
				for (const step of workflow.steps) {
					const [tool, args] = step(answers);
					answers.push(await runStep(session, tool, args));
				}
				wallMs.push(performance.now() - started);
				const entries = (await server.log()).entries.filter((entry) => !entry.path.endsWith("/accessTokens"));
				upstream.push(entries.length);
				if (run === 0) for (const entry of entries) routes[routeOf(entry)] = (routes[routeOf(entry)] ?? 0) + 1;
			} finally {
				await session.close();
			}
		}
		const minimum = WORKFLOW_MINIMUM[name];
		results.push({
			workflow: name,
			title: workflow.title,
			runs,
			wall: summarize(wallMs),
			upstreamMedian: percentile(upstream, 50),
			upstreamPerRun: upstream,
			routes,
			minimum: minimum.length,
			minimumRequests: minimum.map(([request, why]) => ({ request, why })),
		});
	}
	await restore();
	return results;
}
