/** Daily briefing and occupancy report: the operations of this group, in the order they are listed to the model. */
import type { AnyOperation } from "../registry";
import { dailyBriefing } from "./daily-briefing";
import { occupancyReport } from "./occupancy-report";

export const reportOperations: AnyOperation[] = [dailyBriefing, occupancyReport];
