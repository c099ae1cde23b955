import { useCallback, useEffect, useState } from 'react';
import { secondsLeft } from '../lib/sms-login';

/**
 * A countdown in whole seconds (the "60 秒后重新获取" of a code button): `start(seconds)` sets it
 * going, `remaining` falls to 0 once a second. It follows the clock, not the ticks, so a phone
 * that slept in between shows the right number when it wakes.
 */
export function useCountdown(): { remaining: number; start: (seconds: number) => void } {
  const [endsAt, setEndsAt] = useState<number | null>(null);
  const [remaining, setRemaining] = useState(0);

  useEffect(() => {
    if (endsAt === null) return;
    const tick = () => {
      const left = secondsLeft(endsAt, Date.now());
      setRemaining(left);
      if (left === 0) setEndsAt(null);
    };
    tick();
    const timer = setInterval(tick, 1000);
    return () => clearInterval(timer);
  }, [endsAt]);

  const start = useCallback((seconds: number) => setEndsAt(Date.now() + seconds * 1000), []);
  return { remaining, start };
}
