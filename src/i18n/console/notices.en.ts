import type { noticesVi } from './notices.vi';

/** The notices screen, English. */
export const noticesEn: typeof noticesVi = {
  title: 'Messages to households',
  intro:
    "Notices before the visit (sent ahead of the planned day) and receipts after the swap (with a link to the household's copy of the handover record), sent through the company's Zalo ZNS / SMS gateway.",
  team: 'Team',
  allTeams: 'All teams',
  noGateway: 'No message gateway is configured (NOTIFY_WEBHOOK_URL): messages are waiting. Download the CSV to send them by hand.',
  csv: 'Download the messages (CSV)',
  status: 'Status',
  allStatuses: 'All statuses',
  statuses: {
    queued: 'Waiting',
    sending: 'Sending',
    sent: 'Sent',
    delivered: 'Delivered',
    failed: 'Failed',
    skipped: 'Skipped',
  },
  templates: { visit_notice: 'Notice', swap_receipt: 'Receipt' },
  countsLabel: 'Messages per status',
  table: {
    caption: 'Newest messages (at most {{max}})',
    createdAt: 'Created',
    template: 'Kind',
    customer: 'Customer code',
    to: 'To',
    status: 'Status',
    detail: 'Note',
  },
  errors: { optedOut: 'The household opted out', planChanged: 'The plan changed', attempts: 'Tried {{count}} times', gateway: 'the gateway said:' },
  empty: 'No messages yet.',
  invalid: {
    title: 'Households no message can reach',
    intro:
      'Open work orders whose phone is missing or not a Vietnamese mobile: no message can be sent. Tell them in person or over the loudspeaker, and correct the number in CMIS.',
    count: '{{count}} households',
    caption: 'Households with an invalid phone (at most {{max}})',
    code: 'Order',
    customer: 'Customer',
    phone: 'Phone',
    commune: 'Commune',
    plannedDate: 'Planned',
    noPhone: '(none)',
    none: 'Every household has a valid mobile number.',
  },
};
