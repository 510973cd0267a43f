/**
 * Reading every reservation a portfolio-wide answer needs, within the call's time. Pages are
 * read with Hostaway's `afterId` cursor (the last id of the previous page, same filters and
 * order; `offset` is deprecated, hostaway-api.md §3a) until the list ends, the call's answer is
 * due (OperationContext.deadline) or the rate budget refuses a turn, or MAX_WALK_RESERVATIONS
 * were read. Stopping early is not an error: the walk says what it covered, and in the order
 * asked for, so the caller can say precisely which part its answer is about. Each page read is
 * reported to the call's progress ("read 4 of 9 pages of reservations", the total from
 * Hostaway's `count`).
 */
import type { HostawayClient, ListReservationsInput, Reservation } from "../../hostaway";
import type { OperationContext } from "../operation";
import { isOutOfTime, pastDeadline } from "../partial-answers";
import { reportPage, silentProgress } from "../progress";
import { PAGE_SIZE } from "./listings";

/** Reservations one walk holds at most (100 pages; the large demo account has about 6,000 in all). */
export const MAX_WALK_RESERVATIONS = 10_000;

export interface ReservationWalk {
	/** Each reservation once, in the order read. */
	reservations: Reservation[];
	/** Every reservation matching the filters was read. */
	complete: boolean;
	/** Why the walk ended: the list's end, the answer being due, or the walk's size limit. */
	ended: "end-of-list" | "out-of-time" | "size-limit";
	pagesRead: number;
	/** Hostaway's count of all matching reservations (null when it gave none). */
	matching: number | null;
}

/** Every reservation matching `filters` (read in `filters.sortOrder`), as far as the call's time allows. */
export async function walkReservations(
	client: HostawayClient,
	filters: Omit<ListReservationsInput, "limit" | "afterId">,
	context: Pick<OperationContext, "deadline"> & Partial<Pick<OperationContext, "progress">>,
): Promise<ReservationWalk> {
	const byId = new Map<number, Reservation>();
	let afterId: number | undefined;
	let pagesRead = 0;
	let matching: number | null = null;
	const stop = (ended: ReservationWalk["ended"]): ReservationWalk => ({
		reservations: [...byId.values()],
		complete: ended === "end-of-list",
		ended,
		pagesRead,
		matching,
	});
	while (byId.size < MAX_WALK_RESERVATIONS) {
		if (pastDeadline(context)) return stop("out-of-time");
		let page: Awaited<ReturnType<HostawayClient["listReservations"]>>;
		try {
			page = await client.listReservations({ ...filters, limit: PAGE_SIZE, afterId });
		} catch (error) {
			if (isOutOfTime(error)) return stop("out-of-time");
			throw error;
		}
		pagesRead++;
		matching = page.count ?? matching;
		reportPage(context.progress ?? silentProgress, "reservations", {
			done: pagesRead,
			pageSize: PAGE_SIZE,
			count: page.count,
			maxPages: MAX_WALK_RESERVATIONS / PAGE_SIZE,
		});
		// A booking changed during the walk can move in the order and come again: it counts once.
		for (const reservation of page.items) byId.set(reservation.id, reservation);
		const last = page.items.at(-1);
		if (!last || page.items.length < PAGE_SIZE || (page.count !== null && byId.size >= page.count)) return stop("end-of-list");
		afterId = last.id;
	}
	return stop("size-limit");
}
