/**
 * A clock frozen when a test starts its key manager: a sliding window that rolls over during a
 * test lets one more attempt through, as it should, which would blur what a limit test counts.
 */
export function frozenClock(): () => Date {
  const at = new Date();
  return () => at;
}
