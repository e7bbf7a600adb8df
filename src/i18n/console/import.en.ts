import type { ImportMessages } from './import.vi';

export const importEn: ImportMessages = {
  title: 'Import from CMIS',
};
