import type { ConsoleMessages } from './vi';
import { mapEn } from './map.en';
import { dashboardEn } from './dashboard.en';
import { reviewsEn } from './reviews.en';
import { importEn } from './import.en';
import { usersEn } from './users.en';
import { roadmapEn } from './roadmap.en';
import { letterEn } from './letter.en';
import { cashlessEn } from './cashless.en';
import { roadmapPublicEn } from './roadmapPublic.en';
import { customerCopyEn } from './customerCopy.en';
import { noticesEn } from './notices.en';
import { stockEn } from './stock.en';

export const consoleEn: ConsoleMessages = {
  loading: 'Loading…',
  nav: {
    label: 'Console',
    map: 'Map & assign',
    dashboard: 'Progress',
    reviews: 'Review',
    roadmap: 'Roadmap',
    cashless: 'Cashless',
    notices: 'Messages',
    import: 'Import',
    stock: 'Stock',
    users: 'Users',
    api: 'API document',
    apiHint: 'Open the OpenAPI document (JSON) to hand to CMIS integrators',
    skip: 'Skip navigation',
    role: { technician: 'Technician', supervisor: 'Supervisor', admin: 'Administrator' },
  },
  dateField: {
    placeholder: 'dd/mm/yyyy',
    format: 'Type it as day/month/year, e.g. 08/12/2025.',
    invalid: 'Not a valid date. Type it as day/month/year, e.g. 08/12/2025.',
    required: 'Enter a date as day/month/year.',
    pick: 'Open calendar',
  },
  map: mapEn,
  dashboard: dashboardEn,
  reviews: reviewsEn,
  import: importEn,
  users: usersEn,
  roadmap: roadmapEn,
  letter: letterEn,
  cashless: cashlessEn,
  roadmapPublic: roadmapPublicEn,
  customerCopy: customerCopyEn,
  notices: noticesEn,
  stock: stockEn,
};
