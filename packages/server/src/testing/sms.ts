import type { SmsCodeSender } from '../outbox/channels.js';

/** A login-code sender that keeps what it was given, for tests: nothing leaves the process. */
export interface RecordingSmsSender extends SmsCodeSender {
  sent: { mobile: string; code: string; at: Date }[];
  /** The last code sent to a mobile, if any. */
  lastCodeTo(mobile: string): string | undefined;
}

/** A new recording sender; it records synchronously, before the caller's answer goes out. */
export function recordingSmsSender(): RecordingSmsSender {
  const sent: RecordingSmsSender['sent'] = [];
  return {
    sent,
    sendLoginCode: (mobile, code, at) => {
      sent.push({ mobile, code, at });
      return Promise.resolve();
    },
    lastCodeTo: (mobile) => sent.filter((s) => s.mobile === mobile).at(-1)?.code,
  };
}
