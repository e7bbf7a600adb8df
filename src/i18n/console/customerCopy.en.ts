import type { CustomerCopyMessages } from './customerCopy.vi';

/** The "customer's copy" section of a completion in the review screen (issue 15 §3), English. */
export const customerCopyEn: CustomerCopyMessages = {
  title: "Customer's copy",
  intro:
    'A link for the customer to view and download the handover record, no sign-in. Only one link works at a time; a new link ends the previous one.',
  issue: 'Create link',
  reissue: 'Create a new link',
  link: 'Link for the customer',
  copy: 'Copy',
  copied: 'Copied',
  expires: 'Expires {{time}}',
  shownOnce: 'The link is shown only once: copy it and send it to the customer now.',
  revoke: 'Revoke link',
  revoked: 'Revoked: the old link no longer opens.',
};
