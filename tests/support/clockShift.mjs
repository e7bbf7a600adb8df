// Moves this process's real clock TEST_CLOCK_SHIFT_DAYS days ahead (Date.now, new Date()), for the run of the suite
// that proves no test depends on today's date: a fixed date in a test that meets the real clock (a cookie's Expires,
// a "future" planned date, a retention window) fails there a year before it would fail for everyone.
// Loaded with NODE_OPTIONS="--import ./tests/support/clockShift.mjs" so every Node process of the run (Vitest's
// workers, the server processes the tests spawn) shares the shifted clock. Timers are untouched.
const days = Number(process.env.TEST_CLOCK_SHIFT_DAYS ?? '0');
if (!Number.isFinite(days)) throw new Error(`TEST_CLOCK_SHIFT_DAYS is not a number: ${process.env.TEST_CLOCK_SHIFT_DAYS}`);
if (days !== 0 && !globalThis.__clockShifted) {
  const offsetMs = days * 86_400_000;
  const RealDate = globalThis.Date;
  class ShiftedDate extends RealDate {
    constructor(...args) {
      if (args.length === 0) super(RealDate.now() + offsetMs);
      else super(...args);
    }
    static now() {
      return RealDate.now() + offsetMs;
    }
  }
  globalThis.Date = ShiftedDate;
  globalThis.__clockShifted = true;
}
