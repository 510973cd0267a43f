/** Guest messaging and the inbox: the operations of this group, in the order they are listed to the model. */
import type { AnyOperation } from "../registry";
import { getMessageHistory } from "./get-message-history";
import { listConversations } from "./list-conversations";
import { sendGuestMessage } from "./send-guest-message";

export const messagingOperations: AnyOperation[] = [listConversations, getMessageHistory, sendGuestMessage];
