/**
 * Files that another platform sends as links (signed intake `attachments`, Open311 `media_url`)
 * are fetched later by the platform. When a link cannot be turned into an attachment — refused at
 * once, or still failing after its last attempt — the case records an event of this type with one
 * of these reasons, so that the hub sees what did not arrive and why.
 */
export const ATTACHMENT_FETCH_FAILED_EVENT = 'attachment_fetch_failed';

/**
 * Why a link was not fetched: not an http(s) link; an address the platform may not reach (this
 * machine, a private or link-local network); more than the allowed redirects; no answer in time;
 * no connection; an error status from the other server; larger than the attachment limit; empty;
 * a type attachments may not have (decided from the bytes); the case finished; the case full; an
 * error of this platform itself.
 */
export const ATTACHMENT_FETCH_FAILURES = [
  'bad_url',
  'address_not_allowed',
  'too_many_redirects',
  'timeout',
  'unreachable',
  'http_error',
  'too_large',
  'empty',
  'type_not_allowed',
  'case_finished',
  'attachment_limit',
  'internal',
] as const;

/** One of `ATTACHMENT_FETCH_FAILURES`. */
export type AttachmentFetchFailure = (typeof ATTACHMENT_FETCH_FAILURES)[number];
