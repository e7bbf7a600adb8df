import type { cashlessVi } from './cashless.vi';

/** The cashless screen (claimed against real), English. */
export const cashlessEn: typeof cashlessVi = {
  title: 'Cashless',
  intro:
    "Households paying without cash as technicians recorded them at the swap (claimed) against the billing system's figures (real), before and after the visit, against the doubling goal.",
  team: 'Team',
  allTeams: 'All teams',
  commune: 'Commune',
  allCommunes: 'All communes',
  latestPeriod: 'Latest billing period imported: {{period}}.',
  noPeriod: 'No billing period imported yet: the real columns are empty. Import a payment-method file below.',
  rule: 'Before: the latest billing period that ended before the swap day. After: the latest period that started after it. The month of the swap counts for neither.',
  empty: 'No household has had its meter swapped yet.',
  chart: {
    caption: 'Households paying without cash: claimed, real before and after, goal (numbers in the table)',
    claimed: 'Claimed (after the swap)',
    realBefore: 'Real before',
    realAfter: 'Real after',
    goal: 'Goal (double)',
  },
  table: {
    caption: 'Cashless by {{group}}',
    commune: 'commune',
    hamlet: 'hamlet',
    name: 'Name',
    visited: 'Households swapped',
    claimed: 'Claimed: before → after',
    realBefore: 'Real before',
    realAfter: 'Real after',
    goal: 'Goal',
    noDataAfter: 'No bill after yet',
    met: 'Met',
    metYes: 'Met',
    metNo: 'Not yet',
    total: 'Total',
    claimedValue: '{{before}} → {{after}}',
  },
  import: {
    title: 'Import payment methods from the billing system',
    help: 'A CSV file (UTF-8, comma or semicolon) with columns <code>MA_KHANG</code>, <code>KY_HD</code> (YYYY-MM) and <code>HINH_THUC_TT</code> (TM cash, NH bank, VDT e-wallet, APP app, QT counter). Importing a period again replaces all of that period.',
    checking: 'Checking the file…',
    importing: 'Importing…',
    clean: 'The file is valid: {{rows}} rows, {{stored}} rows of the team’s customers will be stored, {{skipped}} skipped; periods {{periods}}.',
    run: 'Import this file',
    done: 'Imported {{stored}} rows (periods {{periods}}); {{skipped}} rows of customers outside the team were skipped.',
  },
};
