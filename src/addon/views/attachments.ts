// Which attachments the sidebar can send when it logs a message. UrlFetchApp posts at most 50 MB per request and
// base64 adds a third, so the contents of all attachments together must stay well under 37 MB; one over 50 MB is
// never stored (L6). What is not sent still travels by name and size, and the server records why it is missing.

export const MAX_ATTACHMENT_BYTES = 50_000_000;
export const UPLOAD_BUDGET_BYTES = 30_000_000;

/** For each attachment, in order: whether its content goes into the request. */
export function planUploads(sizes: readonly number[], budget: number = UPLOAD_BUDGET_BYTES): boolean[] {
  let left = budget;
  return sizes.map((size) => {
    if (size > MAX_ATTACHMENT_BYTES || size > left) return false;
    left -= size;
    return true;
  });
}
