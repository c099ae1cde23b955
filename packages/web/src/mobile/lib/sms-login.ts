import { normalizeMobile } from '@qisu/core';
import { api } from '../../api/client';

/** The server's answer to a request for a login code: the same for every mobile. */
export interface SmsCodeAnswer {
  resendAfterSeconds: number;
  expiresInSeconds: number;
}

/** The 11 digits of a mobile as typed ("138 1234 1234", "+86…"), or null when it is not one. */
export function mobileOf(text: string | undefined): string | null {
  return text ? normalizeMobile(text) : null;
}

/**
 * Asks the server to send a login code by SMS. The answer is the same whether or not the number
 * belongs to a company contact, so the page can only say that a code is on its way if it does.
 */
export function askLoginCode(mobile: string): Promise<SmsCodeAnswer> {
  return api<SmsCodeAnswer>('/api/v1/auth/sms-code', { method: 'POST', body: { mobile } });
}

/** Whole seconds left until `endsAt` (milliseconds), never below 0. */
export function secondsLeft(endsAt: number, now: number): number {
  return Math.max(0, Math.ceil((endsAt - now) / 1000));
}
