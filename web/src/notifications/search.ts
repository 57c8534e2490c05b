/** The inbox keeps its filter in the address (`/thong-bao?unread=true`), so Back returns to it. */
export type InboxSearch = { unread?: boolean };

export function inboxSearch(search: Record<string, unknown>): InboxSearch {
  return { unread: search.unread === true || search.unread === 'true' ? true : undefined };
}
