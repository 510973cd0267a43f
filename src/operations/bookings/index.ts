/** Bookings and guests: the operations of this group, in the order they are listed to the model. */
import type { AnyOperation } from "../registry";
import { cancelBooking } from "./cancel-booking";
import { createBooking } from "./create-booking";
import { getBooking } from "./get-booking";
import { getGuest } from "./get-guest";
import { searchBookings } from "./search-bookings";
import { updateBooking } from "./update-booking";

export const bookingOperations: AnyOperation[] = [searchBookings, getBooking, createBooking, updateBooking, cancelBooking, getGuest];
